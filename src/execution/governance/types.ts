// Governance's vocabulary: chambers, proposal kinds and their policies, the governed parameters,
// and what proposals do when enacted (state.ts has the values governance keeps in state).
// Shapes and encodings only; the rules are in the module's other files. Byte layouts are part of
// the spec (docs/spec/governance.md): enumerations encode as their index in the lists below.
import {
  bool,
  enumOf,
  fixedBytes,
  option,
  struct,
  text,
  u16,
  u64,
  uint,
  union,
  vec,
  type Codec,
  type Infer,
} from '../../codec/index.ts';
import { addressCodec } from '../../crypto/index.ts';
import { validatorUpdateCodec, validatorsMax } from '../../types/index.ts';

/** The three electorates. */
export const chambers = ['stake', 'members', 'maintainers'] as const;
/** One electorate. */
export type Chamber = (typeof chambers)[number];

/** Every kind of proposal. */
export const proposalKinds = [
  'signal',
  'parameter',
  'treasury',
  'admission',
  'election',
  'upgrade',
  'irregular',
  'emergency',
  'rules',
] as const;
/** One kind of proposal. */
export type ProposalKind = (typeof proposalKinds)[number];

/** A ballot. */
export const choices = ['yes', 'no', 'abstain', 'veto'] as const;
/** A ballot. */
export type Choice = (typeof choices)[number];

/** How a chain admits its stake holders: organisations by proposal, or bonded stake. */
export const governanceModes = ['consortium', 'public'] as const;
/** How a chain admits its stake holders. */
export type GovernanceMode = (typeof governanceModes)[number];

/** Limits that bound governance state and messages. */
export const governanceLimits = {
  titleBytesMax: 140,
  textBytesMax: 4000,
  /** Proposals in deposit, voting or waiting for enactment at once. */
  activeProposalsMax: 64,
  depositorsMax: 32,
  membersMax: 10_000,
  stakeHoldersMax: 1000,
  entityBytesMax: 64,
  seatsMax: 64,
  candidatesMax: 64,
  irregularMovesMax: 64,
  urlBytesMax: 256,
  nameBytesMax: 64,
  /** Modules paused at once (one pause per module). */
  pausesMax: 64,
} as const;

// The crypto codec (same bytes as fixedBytes(20)), so that addresses read as pol1… in JSON.
const address = addressCodec;
/** A chamber as one byte. */
export const chamberCodec = enumOf(chambers);
/** One value per chamber. */
export const perChamber = <T>(c: Codec<T>) => struct({ stake: c, members: c, maintainers: c });

/** A share in basis points, passed when above it (`strict`) or at least it. */
export const thresholdCodec = struct({ bps: u16, strict: bool });
/** A share in basis points, passed when above it (`strict`) or at least it. */
export type Threshold = Infer<typeof thresholdCodec>;

/** The rules of one kind of proposal. */
export const kindPolicyCodec = struct({
  /** Chambers that vote; `all` must each approve, or `any` one is enough. */
  chambers: vec(chamberCodec, chambers.length),
  rule: enumOf(['all', 'any'] as const),
  /** Yes ÷ (yes + no + veto), in every chamber that must approve. */
  approval: thresholdCodec,
  /** Veto ÷ all votes cast that rejects and burns the deposit. */
  vetoBps: option(u16),
  depositMin: u64,
  votingPeriodMs: uint,
  /** Between passing and taking effect: dissenters may leave. */
  exitWindowMs: uint,
  /** Emergency actions only: their effect ends by itself unless ratified. */
  expiryMs: option(uint),
  /**
   * Fewest distinct entities whose own ballots must count yes in each voting chamber (for an
   * election: approve a candidate), so that no single party decides alone whatever its weight.
   */
  yesEntitiesMin: uint,
});
/** The rules of one kind of proposal. */
export type KindPolicy = Infer<typeof kindPolicyCodec>;

/** Everything governance governs about itself (changed by the `rules` kind only). */
export const governanceParamsCodec = struct({
  policies: struct({
    signal: kindPolicyCodec,
    parameter: kindPolicyCodec,
    treasury: kindPolicyCodec,
    admission: kindPolicyCodec,
    election: kindPolicyCodec,
    upgrade: kindPolicyCodec,
    irregular: kindPolicyCodec,
    emergency: kindPolicyCodec,
    rules: kindPolicyCodec,
  }),
  /** Largest share of a chamber one entity may count for. */
  entityCapBps: perChamber(u16),
  quorum: perChamber(struct({ minBps: u16, maxBps: u16 })),
  captureFloor: struct({
    /** Fewest entities that must together hold more than a third of each chamber. */
    nakamotoMin: uint,
    votingPeriodFactor: uint,
    approvalAddBps: u16,
  }),
  /** Treasury spends above this also need the stake chamber. */
  treasuryStakeAbove: u64,
  unbondingPeriodMs: uint,
  maintainerSeats: uint,
  maintainerTermMs: uint,
  maintainerConsecutiveTermsMax: uint,
  /**
   * Public chains: the largest share of the voting power one validator may have (≤ 1/3, so no
   * validator halts the chain alone); stake beyond it stays bonded but adds no power.
   */
  validatorPowerCapBps: u16,
});
/** Everything governance governs about itself. */
export type GovernanceParams = Infer<typeof governanceParamsCodec>;
/** Adaptive quorum clamps of one chamber. */
export type QuorumClamp = GovernanceParams['quorum']['stake'];
/** The capture floor and the tightening it triggers. */
export type CaptureFloor = GovernanceParams['captureFloor'];

/** What a proposal does when enacted; its kind follows from it. */
export const proposalActionCodec = union('type', {
  signal: [0, struct({})],
  'treasury.spend': [1, struct({ to: address, amount: u64 })],
  'member.admit': [2, struct({ member: address })],
  'member.remove': [3, struct({ member: address })],
  'stake.assign': [
    4,
    struct({ holder: address, entity: text(governanceLimits.entityBytesMax), weight: u64 }),
  ],
  'validators.update': [5, struct({ updates: vec(validatorUpdateCodec, validatorsMax) })],
  election: [6, struct({ candidates: vec(address, governanceLimits.candidatesMax) })],
  'rules.set': [7, struct({ params: governanceParamsCodec })],
  'constitution.set': [
    8,
    struct({ hash: fixedBytes(32), url: text(governanceLimits.urlBytesMax) }),
  ],
  'emergency.pause': [9, struct({ module: text(governanceLimits.nameBytesMax) })],
  upgrade: [
    10,
    struct({
      name: text(governanceLimits.nameBytesMax),
      version: text(governanceLimits.nameBytesMax),
      height: uint,
    }),
  ],
  'irregular.transfer': [
    11,
    struct({
      moves: vec(
        struct({ from: address, to: address, amount: u64 }),
        governanceLimits.irregularMovesMax,
      ),
    }),
  ],
  'emergency.ratify': [12, struct({ proposal: uint })],
  'emergency.lift': [13, struct({ module: text(governanceLimits.nameBytesMax) })],
});
/** What a proposal does when enacted. */
export type ProposalAction = Infer<typeof proposalActionCodec>;

/** The kind of proposal an action makes. */
export function kindOfAction(action: ProposalAction): ProposalKind {
  switch (action.type) {
    case 'signal':
      return 'signal';
    case 'treasury.spend':
      return 'treasury';
    case 'member.admit':
    case 'member.remove':
    case 'stake.assign':
    case 'validators.update':
      return 'admission';
    case 'election':
      return 'election';
    case 'rules.set':
    case 'constitution.set':
      return 'rules';
    case 'emergency.pause':
      return 'emergency';
    case 'emergency.ratify':
    case 'emergency.lift':
      return 'parameter';
    case 'upgrade':
      return 'upgrade';
    case 'irregular.transfer':
      return 'irregular';
  }
}

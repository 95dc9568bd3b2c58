// Governance data: chambers, proposal kinds and their policies, the governed parameters, proposals
// and what they do when enacted, ballots, the maintainers' council, and where each lives in state.
// Shapes and encodings only; the rules are in the module's other files. Byte layouts are part of
// the spec (docs/spec/governance.md): enumerations encode as their index in the lists below.
import {
  bool,
  encode,
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
import { addressCodec, addressSizeBytes, sha256 } from '../../crypto/index.ts';
import { concatBytes, utf8 } from '../../lib/index.ts';
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
const perChamber = <T>(c: Codec<T>) => struct({ stake: c, members: c, maintainers: c });

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

/** Where a proposal is in its life. */
export const proposalStatuses = [
  'deposit',
  'voting',
  'passed',
  'rejected',
  'vetoed',
  'enacted',
  'failed',
  'expired',
] as const;
/** Where a proposal is in its life. */
export type ProposalStatus = (typeof proposalStatuses)[number];

/** One chamber's count, as recorded when voting ended. */
export const chamberResultCodec = struct({
  chamber: chamberCodec,
  eligible: u64,
  yes: u64,
  no: u64,
  abstain: u64,
  veto: u64,
  quorumBps: u16,
  turnoutBps: u16,
  approved: bool,
  vetoed: bool,
});
/** One chamber's count, as recorded when voting ended. */
export type ChamberResult = Infer<typeof chamberResultCodec>;

/** A proposal in state. */
export const govProposalCodec = struct({
  id: uint,
  proposer: address,
  title: text(governanceLimits.titleBytesMax),
  text: text(governanceLimits.textBytesMax),
  action: proposalActionCodec,
  kind: enumOf(proposalKinds),
  /** The policy it is held to, fixed at submission (tightened if a chamber was below its floor). */
  policy: kindPolicyCodec,
  status: enumOf(proposalStatuses),
  deposit: u64,
  depositors: vec(struct({ depositor: address, amount: u64 }), governanceLimits.depositorsMax),
  submitTimeMs: uint,
  /** Deposit period end (before voting), then voting end. */
  depositEndMs: uint,
  votingEndMs: option(uint),
  results: vec(chamberResultCodec, chambers.length),
  decidedTimeMs: option(uint),
  enactAtMs: option(uint),
  enactedHeight: option(uint),
  /** An election's winners, in order. */
  elected: vec(address, governanceLimits.seatsMax),
  /** What the tally or enactment decided, in words (why enactment failed, who was seated). */
  outcome: text(governanceLimits.textBytesMax),
});
/** A proposal in state. */
export type GovProposal = Infer<typeof govProposalCodec>;

/** A maintainer's seat. */
export const seatCodec = struct({ holder: address, termEndMs: uint, consecutiveTerms: uint });
/** A maintainer's seat. */
export type SeatEntry = Infer<typeof seatCodec>;

/** A stake holder of a consortium chain: an account voting for an organisation's weight. */
export const stakeHolderCodec = struct({
  holder: address,
  entity: text(governanceLimits.entityBytesMax),
  weight: u64,
});
/** A stake holder of a consortium chain. */
export type StakeHolder = Infer<typeof stakeHolderCodec>;

/** Governance's own state (one value). */
export const governanceStateCodec = struct({
  mode: enumOf(governanceModes),
  params: governanceParamsCodec,
  nextProposalId: uint,
  /** Moving average of turnout per chamber, in basis points (adaptive quorum). */
  turnoutAverageBps: perChamber(u16),
  active: vec(uint, governanceLimits.activeProposalsMax),
  council: vec(seatCodec, governanceLimits.seatsMax),
  pauses: vec(
    struct({
      module: text(governanceLimits.nameBytesMax),
      untilMs: option(uint),
      proposal: uint,
    }),
    governanceLimits.pausesMax,
  ),
  constitution: struct({ hash: fixedBytes(32), url: text(governanceLimits.urlBytesMax) }),
  upgrade: option(
    struct({
      name: text(governanceLimits.nameBytesMax),
      version: text(governanceLimits.nameBytesMax),
      /** The named height; the upgrade applies from the first block at or after it. */
      height: uint,
      proposal: uint,
    }),
  ),
  /** Upgrades carried out, oldest first. */
  applied: vec(
    struct({ name: text(governanceLimits.nameBytesMax), height: uint, proposal: uint }),
    governanceLimits.activeProposalsMax,
  ),
});
/** Governance's own state. */
export type GovernanceState = Infer<typeof governanceStateCodec>;

/** State keys of governance (prefix `g`). */
export const governanceKeys = {
  state: Uint8Array.of(0x67, 0x00),
  stakeRoll: Uint8Array.of(0x67, 0x01),
  memberRoll: Uint8Array.of(0x67, 0x02),
  capture: Uint8Array.of(0x67, 0x05),
  proposal(id: number): Uint8Array {
    return concatBytes(Uint8Array.of(0x67, 0x10), encode(uint, id));
  },
  vote(id: number, chamber: Chamber, voter: Uint8Array): Uint8Array {
    return concatBytes(
      Uint8Array.of(0x67, 0x11),
      encode(uint, id),
      Uint8Array.of(chambers.indexOf(chamber)),
      voter,
    );
  },
  memberDelegate(member: Uint8Array): Uint8Array {
    return concatBytes(Uint8Array.of(0x67, 0x03), member);
  },
  /** Public chains: the accounts (not validators) that cast a stake-chamber vote, in chunks. */
  stakeVoterChunk(id: number, chunk: number): Uint8Array {
    return concatBytes(Uint8Array.of(0x67, 0x12), encode(uint, id), encode(uint, chunk));
  },
  stakeVoterCount(id: number): Uint8Array {
    return concatBytes(Uint8Array.of(0x67, 0x13), encode(uint, id));
  },
} as const;

/** The stake roll of a consortium chain. */
export const stakeRollCodec = vec(stakeHolderCodec, governanceLimits.stakeHoldersMax);
/** The admitted members. */
export const memberRollCodec = vec(address, governanceLimits.membersMax);
/** A vote: a choice, or for an election the approved candidates. */
export const ballotCodec = struct({
  choice: enumOf(choices),
  candidates: vec(address, governanceLimits.candidatesMax),
});
/** A vote. */
export type Ballot = Infer<typeof ballotCodec>;

/** Accounts no key controls, owned by governance: the treasury and the deposits' escrow. */
export const moduleAccounts = {
  treasury: sha256(utf8('polity/module/treasury')).slice(0, addressSizeBytes),
  deposits: sha256(utf8('polity/module/deposits')).slice(0, addressSizeBytes),
} as const;

/** The capture metrics of the latest block that changed who votes (stored at `capture`). */
export const captureCodec = struct({
  /** The height whose end computed it. */
  height: uint,
  chambers: vec(
    struct({
      chamber: chamberCodec,
      entities: uint,
      third: option(uint),
      half: option(uint),
      twoThirds: option(uint),
      thirdUncapped: option(uint),
      belowFloor: bool,
    }),
    chambers.length,
  ),
  kinds: vec(
    struct({
      kind: enumOf(proposalKinds),
      pass: option(uint),
      passIfOthersAbstain: option(uint),
      block: option(uint),
      uncappedPass: option(uint),
      uncappedBlock: option(uint),
    }),
    proposalKinds.length,
  ),
});
/** Stored capture metrics. */
export type CaptureSummary = Infer<typeof captureCodec>;

/** The governance section of a genesis: chambers' first rolls, parameters and founding rules. */
export const genesisGovernanceCodec = struct({
  mode: enumOf(governanceModes),
  params: governanceParamsCodec,
  stake: stakeRollCodec,
  members: memberRollCodec,
  maintainers: vec(address, governanceLimits.seatsMax),
  constitution: struct({ hash: fixedBytes(32), url: text(governanceLimits.urlBytesMax) }),
  /** The treasury's first balance. */
  treasury: u64,
});
/** The governance section of a genesis. */
export type GenesisGovernance = Infer<typeof genesisGovernanceCodec>;

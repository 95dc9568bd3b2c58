// Governance's values in state: proposals and their recorded counts, the council, the stake roll,
// governance's own state, ballots, capture metrics, the genesis section, and the key each lives
// under. Byte layouts are part of the spec (docs/spec/governance.md).
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
  vec,
  type Infer,
} from '../../codec/index.ts';
import { addressCodec, addressSizeBytes, sha256 } from '../../crypto/index.ts';
import { concatBytes, utf8 } from '../../lib/index.ts';
import {
  chamberCodec,
  chambers,
  choices,
  governanceLimits,
  governanceModes,
  governanceParamsCodec,
  kindPolicyCodec,
  perChamber,
  proposalActionCodec,
  proposalKinds,
  type Chamber,
} from './types.ts';

// The crypto codec (same bytes as fixedBytes(20)), so that addresses read as pol1… in JSON.
const address = addressCodec;

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

/** Weight per ballot choice. */
export const perChoiceCodec = struct({ yes: u64, no: u64, abstain: u64, veto: u64 });
/** Weight per ballot choice. */
export type PerChoice = Infer<typeof perChoiceCodec>;

/** One chamber's count, as recorded when voting ended. */
export const chamberResultCodec = struct({
  chamber: chamberCodec,
  /** Counted weights (after the per-entity cap); `eligible` is their base. */
  eligible: u64,
  yes: u64,
  no: u64,
  abstain: u64,
  veto: u64,
  quorumBps: u16,
  turnoutBps: u16,
  approved: bool,
  vetoed: bool,
  /** Distinct entities whose own ballots counted yes (an election: approved a candidate). */
  yesEntities: uint,
  /** Weight of voters who cast the ballot themselves, before the cap. */
  own: perChoiceCodec,
  /** Weight that followed a delegate's (or validator's) ballot, before the cap. */
  delegated: perChoiceCodec,
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
  /** A development chain (fixed at genesis, never governed): its invariants allow fewer voters. */
  development: bool,
});
/** Governance's own state. */
export type GovernanceState = Infer<typeof governanceStateCodec>;

/** The first byte of governance's state keys (`g`). */
export const governanceStatePrefix = 0x67;

/** State keys of governance. */
export const governanceKeys = {
  state: Uint8Array.of(governanceStatePrefix, 0x00),
  stakeRoll: Uint8Array.of(governanceStatePrefix, 0x01),
  memberRoll: Uint8Array.of(governanceStatePrefix, 0x02),
  capture: Uint8Array.of(governanceStatePrefix, 0x05),
  proposal(id: number): Uint8Array {
    return concatBytes(Uint8Array.of(governanceStatePrefix, 0x10), encode(uint, id));
  },
  vote(id: number, chamber: Chamber, voter: Uint8Array): Uint8Array {
    return concatBytes(
      Uint8Array.of(governanceStatePrefix, 0x11),
      encode(uint, id),
      Uint8Array.of(chambers.indexOf(chamber)),
      voter,
    );
  },
  memberDelegate(member: Uint8Array): Uint8Array {
    return concatBytes(Uint8Array.of(governanceStatePrefix, 0x03), member);
  },
  /** Public chains: the accounts (not validators) that cast a stake-chamber vote, in chunks. */
  stakeVoterChunk(id: number, chunk: number): Uint8Array {
    return concatBytes(
      Uint8Array.of(governanceStatePrefix, 0x12),
      encode(uint, id),
      encode(uint, chunk),
    );
  },
  stakeVoterCount(id: number): Uint8Array {
    return concatBytes(Uint8Array.of(governanceStatePrefix, 0x13), encode(uint, id));
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
  /** Consensus power: the fewest operators that could halt the chain or commit blocks alone. */
  consensus: struct({
    validators: uint,
    entities: uint,
    halt: option(uint),
    finalize: option(uint),
  }),
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
  /** A development chain (`polity dev`, `polity testnet init`): see GovernanceState. */
  development: bool,
});
/** The governance section of a genesis. */
export type GenesisGovernance = Infer<typeof genesisGovernanceCodec>;

// The JSON shapes of the HTTP API as TypeScript types, gathered for the server's and the client's
// users. Each is derived from its route module's shape (specs.ts in each folder), never written
// twice. Conventions: hashes and keys lower-case hex, addresses bech32m `pol1…`, amounts (u64)
// decimal strings, raw bytes base64, heights, nonces and times numbers, absent values null.
export type {
  CommitJson,
  CommitSigJson,
  ErrorJson,
  HeaderJson,
  KeyJson,
  ListProofJson,
  MessageJson,
  ProofJson,
  ReceiptJson,
  SignedTxJson,
  StateProofJson,
  ValidatorJson,
  ValidatorsJson,
} from './shapes/common.ts';
export type {
  BlockEventJson,
  HealthJson,
  ProposalEventJson,
  StatusJson,
  TxEventJson,
} from './node/specs.ts';
export type { BlockJson, BlockPageJson, BlockSummaryJson, EvidenceJson } from './blocks/specs.ts';
export type {
  CommittedTxJson,
  PendingTxJson,
  SubmitResponseJson,
  SubmitResultJson,
  TxJson,
} from './txs/specs.ts';
export type {
  AccountJson,
  RecordChangeJson,
  RecordEntryJson,
  RecordHistoryJson,
  RecordJson,
  RecordKeysJson,
} from './state/specs.ts';
export type {
  BallotJson,
  BallotReadJson,
  CaptureHistoryJson,
  CaptureJson,
  CaptureReadJson,
  ChamberResultJson,
  ChambersJson,
  GovernanceReadJson,
  GovernanceStateJson,
  ProposalJson,
  ProposalPageJson,
  ProposalReadJson,
  TallyJson,
} from './governance/specs.ts';
export type {
  DelegatorJson,
  StakeValidatorJson,
  StakeValidatorReadJson,
  StakingJson,
} from './staking/specs.ts';

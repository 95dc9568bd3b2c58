// The boundary between the HTTP layer and the node: everything the API serves, in domain types.
// The node implements it; the API server only translates HTTP/JSON to calls on it and back.
import type { ListProof } from '../crypto/index.ts';
import type {
  AdmissionResult,
  Block,
  Commit,
  Header,
  HistoryPosition,
  Receipt,
  RecordChange,
  Validator,
} from '../types/index.ts';
import type {
  Account,
  RecordEntry,
  SignedTx,
  ProposalCount as ExecutionProposalCount,
} from '../execution/index.ts';

// Shapes the chain produces and the API serves, defined once in src/types; part of this boundary.
export type { AdmissionResult, HistoryPosition, RecordChange } from '../types/index.ts';

/** Where a committed transaction sits and how to prove it. */
export interface CommittedTx {
  readonly hash: Uint8Array;
  readonly tx: SignedTx;
  readonly raw: Uint8Array;
  readonly height: number;
  readonly index: number;
  readonly receipt: Receipt;
  /** Inclusion of the tx hash under header.txRoot. */
  readonly txProof: ListProof;
  /** Inclusion of the receipt hash under header.receiptsRoot. */
  readonly receiptProof: ListProof;
  readonly header: Header;
}

/** A stored block with the commit that finalised it (undefined only for the newest block of a BFT chain). */
export interface StoredBlock {
  readonly hash: Uint8Array;
  readonly block: Block;
  readonly commit: Commit | undefined;
}

/** A value read from the authenticated state at `height`, with the proof against that header. */
export interface ProvenValue<T> {
  readonly height: number;
  readonly value: T | undefined;
  /** Present when the caller asked for a proof: the state proof and the header holding the root. */
  readonly proof:
    | {
        readonly encoded: Uint8Array;
        readonly json: unknown;
        readonly header: Header;
        readonly commit: Commit | undefined;
      }
    | undefined;
}

/** Node status. */
export interface NodeStatus {
  readonly chainId: string;
  readonly nodeVersion: string;
  readonly mode: 'solo' | 'bft';
  readonly latestHeight: number;
  readonly latestBlockHash: Uint8Array | undefined;
  readonly latestBlockTimeMs: number | undefined;
  readonly stateRoot: Uint8Array;
  readonly mempoolTxs: number;
  readonly mempoolBytes: number;
  readonly validators: readonly Validator[];
  readonly minGasPrice: bigint;
  /**
   * Set when the chain stopped before an upgrade this build cannot run: the node serves reads but
   * makes no more blocks and refuses transactions with `upgrade_required`.
   */
  readonly halted?: HaltedStatus | undefined;
}

/** Why a node makes no more blocks: the upgrade it cannot run, and the version to start. */
export interface HaltedStatus {
  readonly code: string;
  readonly message: string;
  /** The upgrade's name, the node version that runs it, and the height it starts at. */
  readonly upgrade: string;
  readonly version: string;
  readonly height: number;
}

/** Live events for subscribers (the explorer, `polity` CLI watchers, tests). */
export type LedgerEvent =
  | {
      readonly type: 'block';
      readonly height: number;
      readonly hash: Uint8Array;
      readonly timeMs: number;
      readonly txCount: number;
    }
  | {
      readonly type: 'tx';
      readonly hash: Uint8Array;
      readonly height: number;
      readonly index: number;
      readonly ok: boolean;
      readonly code: string;
    }
  | {
      /** A proposal was submitted or changed status in the block at `height`. */
      readonly type: 'proposal';
      readonly height: number;
      readonly id: number;
      readonly kind: string;
      readonly status: string;
      readonly title: string;
    };

/** What the API serves. All reads are of committed data only. */
export interface LedgerService {
  status(): NodeStatus;
  /** Admits a batch of encoded transactions to the mempool, one result per input, in order. */
  submitTxs(raws: readonly Uint8Array[]): Promise<readonly AdmissionResult[]>;
  /** Resolves when the transaction is committed (durably), or undefined after `timeoutMs`. */
  waitForTx(hash: Uint8Array, timeoutMs: number): Promise<CommittedTx | undefined>;
  getTx(hash: Uint8Array): CommittedTx | undefined;
  /** Whether a tx with this hash is waiting in the mempool. */
  isPending(hash: Uint8Array): boolean;
  getBlockByHeight(height: number): StoredBlock | undefined;
  getBlockByHash(hash: Uint8Array): StoredBlock | undefined;
  getAccount(address: Uint8Array, prove: boolean): ProvenValue<Account>;
  /** The nonce the account's next transaction needs: committed nonce plus its queued transactions. */
  pendingNonce(address: Uint8Array): number;
  getRecord(owner: Uint8Array, key: string, prove: boolean): ProvenValue<RecordEntry>;
  /**
   * Changes of one record, newest first, `limit` at most, strictly before `before` if given (a
   * position, so a page may end inside a block without skipping that block's other changes).
   */
  recordHistory(
    owner: Uint8Array,
    key: string,
    limit: number,
    before?: HistoryPosition,
  ): Promise<readonly RecordChange[]>;
  /** Keys of the records an account owns, in key order, after `afterKey`. */
  listRecords(owner: Uint8Array, limit: number, afterKey?: string): Promise<readonly string[]>;
  /** The validator set of the latest committed height. */
  validators(): readonly Validator[];
  /**
   * The validator set that signs blocks at `height` (known up to the latest height + 2: changes
   * take effect two blocks after the block that made them); undefined outside that range.
   */
  validatorsAt(height: number): readonly Validator[] | undefined;
  subscribe(listener: (event: LedgerEvent) => void): () => void;
  /**
   * The raw value of a state key (governance, staking), optionally proved, at the latest height
   * or at `height` (throws `height_not_found` outside 1..latest).
   */
  stateValue(key: Uint8Array, prove: boolean, height?: number): ProvenValue<Uint8Array>;
  /** A proposal's count as it stands now (for one in voting: what ending the vote now would decide). */
  liveTally(id: number): ProposalCount | undefined;
}

/** A proposal's count as it stands. */
export type ProposalCount = Pick<
  ExecutionProposalCount,
  'outcome' | 'results' | 'elected' | 'note'
>;

// The JSON shapes of the HTTP API, shared by the server (which produces them) and the client (which
// returns them typed). Conventions: hashes and keys lower-case hex, addresses bech32m `pol1…`,
// amounts (u64) decimal strings, raw bytes (tx bytes, record values) base64, heights and nonces numbers.

/** Every error body. */
export interface ErrorJson {
  readonly code: string;
  readonly message: string;
}

/** A scheme-tagged public key. */
export interface KeyJson {
  readonly scheme: string;
  /** Hex. */
  readonly publicKey: string;
}

/** One validator. */
export interface ValidatorJson {
  readonly address: string;
  readonly scheme: string;
  readonly publicKey: string;
  readonly power: number;
}

/** The validator set and its hash (as committed in headers' validatorsHash). */
export interface ValidatorsJson {
  readonly validators: readonly ValidatorJson[];
  readonly validatorsHash: string;
}

/** A block header; every hash hex, the proposer bech32m. */
export interface HeaderJson {
  readonly version: number;
  readonly chainId: string;
  readonly height: number;
  readonly timeMs: number;
  readonly prevHash: string;
  readonly lastCommitHash: string;
  readonly txRoot: string;
  readonly receiptsRoot: string;
  readonly evidenceRoot: string;
  readonly stateRoot: string;
  readonly validatorsHash: string;
  readonly nextValidatorsHash: string;
  readonly proposer: string;
}

/** One precommit signature of a commit. */
export interface CommitSigJson {
  readonly validator: string;
  readonly timeMs: number;
  readonly scheme: string;
  /** Hex. */
  readonly signature: string;
}

/** The precommits that finalised a block. */
export interface CommitJson {
  readonly height: number;
  readonly round: number;
  readonly blockHash: string;
  readonly signatures: readonly CommitSigJson[];
}

/** A block: its header and hash, its transactions' hashes, and the commits around it. */
export interface BlockJson {
  readonly hash: string;
  readonly header: HeaderJson;
  readonly txs: readonly string[];
  /** The commit of the previous block carried in this one. */
  readonly lastCommit: CommitJson | null;
  /** The commit that finalised this block (null while not yet known). */
  readonly commit: CommitJson | null;
  readonly evidenceCount: number;
  /** Misbehaviour proven by this block's evidence (two conflicting votes of one validator). */
  readonly evidence: readonly EvidenceJson[];
}

/** Evidence that a validator signed two different votes for one height, round and type. */
export interface EvidenceJson {
  readonly type: 'duplicateVote';
  readonly validator: string;
  readonly height: number;
  readonly round: number;
  readonly voteType: 'prevote' | 'precommit';
  /** The two values voted for (null: nil). */
  readonly blockHashA: string | null;
  readonly blockHashB: string | null;
}

/** A block in a listing. */
export interface BlockSummaryJson {
  readonly hash: string;
  readonly header: HeaderJson;
  readonly txCount: number;
}

/** A page of blocks, newest first; `nextBefore` continues the listing (null at height 1). */
export interface BlockPageJson {
  readonly blocks: readonly BlockSummaryJson[];
  readonly nextBefore: number | null;
}

/** A message of a transaction. */
export type MessageJson =
  | { readonly type: 'transfer'; readonly to: string; readonly amount: string }
  | {
      readonly type: 'record.put';
      readonly key: string;
      /** Base64. */
      readonly value: string;
      readonly contentType: string;
    }
  | { readonly type: 'record.delete'; readonly key: string }
  | {
      readonly type: 'validators.update';
      /** Each key's new power (0 removes). */
      readonly updates: readonly {
        readonly scheme: string;
        readonly publicKey: string;
        readonly power: number;
      }[];
    }
  | {
      readonly type: 'gov.propose';
      readonly title: string;
      readonly text: string;
      readonly deposit: string;
      /** What the proposal does when enacted (`type` names it; see docs/spec/governance.md). */
      readonly action: Readonly<Record<string, unknown>>;
    }
  | { readonly type: 'gov.deposit'; readonly proposal: number; readonly amount: string }
  | {
      readonly type: 'gov.vote';
      readonly proposal: number;
      readonly chamber: string;
      readonly choice: string;
      readonly candidates: readonly string[];
    }
  | { readonly type: 'gov.delegate'; readonly chamber: string; readonly to: string | null }
  | {
      readonly type: 'stake.create-validator';
      readonly publicKey: KeyJson;
      readonly moniker: string;
      readonly commissionBps: number;
      readonly amount: string;
    }
  | {
      readonly type: 'stake.delegate' | 'stake.undelegate';
      readonly validator: string;
      readonly amount: string;
    }
  | { readonly type: 'stake.withdraw' }
  | { readonly type: 'stake.unjail'; readonly validator: string };

/** A decoded signed transaction. */
export interface SignedTxJson {
  readonly body: {
    readonly chainId: string;
    readonly sender: string;
    readonly nonce: number;
    readonly fee: string;
    readonly gasLimit: number;
    readonly messages: readonly MessageJson[];
    readonly memo: string;
  };
  readonly signer: KeyJson;
  /** Hex. */
  readonly signature: string;
}

/** The outcome of a committed transaction; status 0 success, 1 failure. */
export interface ReceiptJson {
  readonly txHash: string;
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly gasUsed: number;
  readonly fee: string;
}

/** Merkle inclusion proof in a list (txRoot, receiptsRoot). */
export interface ListProofJson {
  readonly index: number;
  readonly total: number;
  readonly siblings: readonly string[];
}

/** A committed transaction with the proofs tying it to its block header. */
export interface CommittedTxJson {
  readonly status: 'committed';
  readonly hash: string;
  readonly tx: SignedTxJson;
  /** Canonical bytes, base64. */
  readonly raw: string;
  readonly height: number;
  readonly index: number;
  readonly receipt: ReceiptJson;
  readonly txProof: ListProofJson;
  readonly receiptProof: ListProofJson;
  readonly header: HeaderJson;
  readonly commit: CommitJson | null;
}

/** A transaction waiting in the mempool (served with HTTP 202). */
export interface PendingTxJson {
  readonly status: 'pending';
  readonly hash: string;
}

/** What GET /v1/txs/:hash answers. */
export type TxJson = CommittedTxJson | PendingTxJson;

/** Per-transaction outcome of a submission. */
export interface SubmitResultJson {
  /** Null only when the bytes were too malformed to hash as a transaction. */
  readonly hash: string | null;
  readonly status: 'pending' | 'committed' | 'rejected';
  readonly code?: string;
  readonly message?: string;
  readonly height?: number;
  readonly index?: number;
  readonly receipt?: ReceiptJson;
}

/** Response of POST /v1/txs and POST /v1/tx. */
export interface SubmitResponseJson {
  readonly results: readonly SubmitResultJson[];
}

/** A state proof in the state module's JSON form (stateProofToJson). */
export interface StateProofJson {
  readonly key: string;
  readonly leaf: { readonly keyHash: string; readonly valueHash: string } | null;
  readonly siblings: readonly string[];
}

/** A state proof with the header holding its root and the commit finalising that header. */
export interface ProofJson {
  readonly state: StateProofJson;
  readonly header: HeaderJson;
  readonly commit: CommitJson | null;
}

/** An account at `height`; a never-seen account has `exists: false`, balance "0", nonce 0. */
export interface AccountJson {
  readonly address: string;
  readonly exists: boolean;
  readonly balance: string;
  /** Committed nonce: the one the state proof covers. */
  readonly nonce: number;
  /** The nonce a new transaction needs now: committed plus those waiting in the mempool (unproven). */
  readonly pendingNonce: number;
  readonly publicKey: KeyJson | null;
  readonly height: number;
  readonly proof?: ProofJson;
}

/** A record's value and metadata. */
export interface RecordEntryJson {
  /** Base64. */
  readonly value: string;
  readonly contentType: string;
  readonly createdHeight: number;
  readonly updatedHeight: number;
  readonly version: number;
  readonly lastTxHash: string;
}

/** A record at `height`; `record: null` when absent (the proof then proves absence). */
export interface RecordJson {
  readonly owner: string;
  readonly key: string;
  readonly record: RecordEntryJson | null;
  readonly height: number;
  readonly proof?: ProofJson;
}

/** A page of record keys in key order; `nextAfter` continues the listing. */
export interface RecordKeysJson {
  readonly owner: string;
  readonly keys: readonly string[];
  readonly nextAfter: string | null;
}

/** One change of a record. */
export interface RecordChangeJson {
  readonly height: number;
  readonly txHash: string;
  readonly op: 'put' | 'delete';
  /** Base64, null for deletes. */
  readonly value: string | null;
  readonly contentType: string | null;
}

/** A page of record changes, newest first; `nextBefore` (a cursor) continues the listing. */
export interface RecordHistoryJson {
  readonly owner: string;
  readonly key: string;
  readonly changes: readonly RecordChangeJson[];
  readonly nextBefore: string | null;
}

/** Node status. */
export interface StatusJson {
  readonly chainId: string;
  readonly nodeVersion: string;
  readonly mode: string;
  readonly latestHeight: number;
  readonly latestBlockHash: string | null;
  readonly latestBlockTimeMs: number | null;
  readonly stateRoot: string;
  readonly mempoolTxs: number;
  readonly mempoolBytes: number;
  readonly validators: readonly ValidatorJson[];
  readonly minGasPrice: string;
}

/** Data of an SSE `block` event. */
export interface BlockEventJson {
  readonly height: number;
  readonly hash: string;
  readonly timeMs: number;
  readonly txCount: number;
}

/** Data of an SSE `tx` event. */
export interface TxEventJson {
  readonly hash: string;
  readonly height: number;
  readonly index: number;
  readonly ok: boolean;
  readonly code: string;
}

/** GET /health. */
export interface HealthJson {
  readonly ok: true;
}

/** SSE `proposal` event: a proposal submitted or changing status. */
export interface ProposalEventJson {
  readonly height: number;
  readonly id: number;
  readonly kind: string;
  readonly status: string;
  readonly title: string;
}

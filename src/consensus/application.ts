// The boundary between consensus and the replicated application (the ledger). Consensus decides
// which block comes next; the application builds blocks, judges whether a proposed block is valid,
// and commits a decided block durably. Every method is deterministic given the committed chain,
// except what `proposeBlock` picks from the local mempool.
import type { Block, Commit, Evidence, Validator } from '../types/index.ts';

/** What consensus needs to know about the committed chain. */
export interface ChainTip {
  /** Height of the last committed block (0 before the first). */
  readonly height: number;
  /** Hash of the last committed block (undefined before the first). */
  readonly hash: Uint8Array | undefined;
  /** Time of the last committed block, or the genesis time. */
  readonly timeMs: number;
}

/** A block built or checked by the application, ready to be proposed or voted on. */
export interface BlockCandidate {
  readonly block: Block;
  readonly hash: Uint8Array;
  /** Canonical bytes of the block, as gossiped. */
  readonly bytes: Uint8Array;
}

/** The verdict on a proposed block. */
export type Validation =
  | { readonly ok: true; readonly candidate: BlockCandidate }
  | { readonly ok: false; readonly reason: string };

/** The replicated application as consensus sees it. */
export interface Application {
  readonly chainId: string;
  tip(): ChainTip;
  /**
   * The validator set that signs blocks at `height`, for any height up to `tip().height + 2`
   * (changes made by executing block H take effect at H + 2); undefined when not known.
   */
  validatorsAt(height: number): readonly Validator[] | undefined;
  /**
   * Builds the block for `tip().height + 1`: waiting transactions, the previous block's commit,
   * pending evidence, signed off as `proposer`. Its time is not the proposer's clock: it is the
   * weighted median of `lastCommit`'s times (the genesis time for block 1), which every validator
   * recomputes.
   */
  proposeBlock(input: {
    readonly proposer: Uint8Array;
    readonly lastCommit: Commit | undefined;
    readonly evidence: readonly Evidence[];
  }): Promise<BlockCandidate>;
  /** Checks a proposed block for `tip().height + 1` completely (header, txs, execution, roots). */
  validateBlock(bytes: Uint8Array): Promise<Validation>;
  /**
   * Commits a decided block with the +2/3 precommits that decided it. Resolves once durable;
   * `tip()` has advanced by then.
   */
  commitBlock(candidate: BlockCandidate, commit: Commit): Promise<void>;
  /** The commit stored for a committed height (the one the next block carries). */
  commitAt(height: number): Commit | undefined;
  /** Canonical bytes of a committed block, to help a peer that fell behind catch up. */
  blockBytesAt(height: number): Uint8Array | undefined;
  /** Evidence already included in a committed block is not proposed again. */
  isEvidenceCommitted(evidence: Evidence): boolean;
  /** True when transactions wait to be included (an empty block may wait longer). */
  hasPendingTxs(): boolean;
}

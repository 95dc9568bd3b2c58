// Turns the result of executing a block into its header and block. Signing is not done here: a
// block is signed off by its commit, which consensus (or the solo producer) assembles afterwards.
import { listRoot } from '../crypto/index.ts';
import type { BlockResult } from '../execution/index.ts';
import {
  blockHash,
  commitHash,
  encodeBlock,
  protocolVersion,
  receiptHash,
  zeroHash,
  type Block,
  type Commit,
  type Header,
  type Receipt,
} from '../types/index.ts';

/** Everything about the block being built that does not come from execution. */
export interface BlockPlan {
  readonly chainId: string;
  readonly height: number;
  readonly timeMs: number;
  readonly prevHash: Uint8Array | undefined;
  readonly lastCommit: Commit | undefined;
  readonly validatorsHash: Uint8Array;
  readonly nextValidatorsHash: Uint8Array;
  readonly proposer: Uint8Array;
  /** Canonical bytes of each evidence item, and their hashes (see `evidenceHash`). */
  readonly evidence: readonly Uint8Array[];
  readonly evidenceHashes: readonly Uint8Array[];
}

/** A built block. */
export interface BuiltBlock {
  readonly block: Block;
  readonly hash: Uint8Array;
  /** Canonical bytes of the block. */
  readonly bytes: Uint8Array;
}

/** The receipts root of a header: the list root of the receipt hashes. */
export function receiptsRoot(receipts: readonly Receipt[]): Uint8Array {
  return listRoot(receipts.map(receiptHash));
}

/** The last-commit hash of a header: all zeros when there is no last commit (height 1). */
export function lastCommitHashOf(lastCommit: Commit | undefined): Uint8Array {
  return lastCommit === undefined ? zeroHash : commitHash(lastCommit);
}

/** Builds the header and the block from `plan`, the execution result and the new state root. */
export function buildBlock(
  plan: BlockPlan,
  result: BlockResult,
  stateRoot: Uint8Array,
): BuiltBlock {
  const header: Header = {
    version: protocolVersion,
    chainId: plan.chainId,
    height: plan.height,
    timeMs: plan.timeMs,
    prevHash: plan.prevHash ?? zeroHash,
    lastCommitHash: lastCommitHashOf(plan.lastCommit),
    txRoot: listRoot(result.included.map((t) => t.hash)),
    receiptsRoot: receiptsRoot(result.receipts),
    evidenceRoot: listRoot(plan.evidenceHashes),
    stateRoot,
    validatorsHash: plan.validatorsHash,
    nextValidatorsHash: plan.nextValidatorsHash,
    proposer: plan.proposer,
  };
  const block: Block = {
    header,
    txs: result.included.map((t) => t.raw),
    lastCommit: plan.lastCommit,
    evidence: plan.evidence,
  };
  return { block, hash: blockHash(header), bytes: encodeBlock(block) };
}

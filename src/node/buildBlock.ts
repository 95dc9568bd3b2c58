// Turns the result of executing a block into the header, the block, its commit signature and the
// complete set of storage writes for one atomic batch (state, block, indexes, receipts, history).
import { encode } from '../codec/index.ts';
import { listRoot, emptyListRoot, type Signer } from '../crypto/index.ts';
import type { BlockResult } from '../execution/index.ts';
import type { KvWrite } from '../ports/index.ts';
import type { PreparedCommit } from '../state/index.ts';
import {
  blockHash,
  commitHash,
  encodeBlock,
  protocolVersion,
  receiptHash,
  signPrecommit,
  zeroHash,
  type Block,
  type Commit,
  type Header,
} from '../types/index.ts';
import { encodeCommit, encodeHeight } from './chainStore.ts';
import {
  blockHashKey,
  blockKey,
  commitKey,
  historyEntryCodec,
  historyKey,
  latestHeightKey,
  receiptsCodec,
  receiptsKey,
  recordIndexKey,
  txKey,
  txLocationCodec,
} from './storageLayout.ts';

/** Everything about the block being built that does not come from execution. */
export interface BlockPlan {
  readonly chainId: string;
  readonly height: number;
  readonly timeMs: number;
  readonly prevHash: Uint8Array | undefined;
  readonly lastCommit: Commit | undefined;
  readonly validatorsHash: Uint8Array;
  readonly proposer: Uint8Array;
  readonly signer: Signer;
}

/** A block ready to be written. */
export interface BuiltBlock {
  readonly block: Block;
  readonly hash: Uint8Array;
  readonly commit: Commit;
  readonly writes: readonly KvWrite[];
}

const emptyValue = new Uint8Array();

/** Builds the block, signs its commit and lists every write. */
export function buildBlock(
  plan: BlockPlan,
  result: BlockResult,
  prepared: PreparedCommit,
): BuiltBlock {
  const txHashes = result.included.map((t) => t.hash);
  const header: Header = {
    version: protocolVersion,
    chainId: plan.chainId,
    height: plan.height,
    timeMs: plan.timeMs,
    prevHash: plan.prevHash ?? zeroHash,
    lastCommitHash: plan.lastCommit === undefined ? zeroHash : commitHash(plan.lastCommit),
    txRoot: listRoot(txHashes),
    receiptsRoot: listRoot(result.receipts.map(receiptHash)),
    evidenceRoot: emptyListRoot,
    stateRoot: prepared.root,
    validatorsHash: plan.validatorsHash,
    nextValidatorsHash: plan.validatorsHash,
    proposer: plan.proposer,
  };
  const block: Block = {
    header,
    txs: result.included.map((t) => t.raw),
    lastCommit: plan.lastCommit,
    evidence: [],
  };
  const hash = blockHash(header);
  const commit: Commit = {
    height: plan.height,
    round: 0,
    blockHash: hash,
    signatures: [
      signPrecommit(plan.signer, plan.proposer, plan.chainId, plan.height, 0, hash, plan.timeMs),
    ],
  };

  const writes: KvWrite[] = [...prepared.writes];
  writes.push({ key: blockKey(plan.height), value: encodeBlock(block) });
  writes.push({ key: commitKey(plan.height), value: encodeCommit(commit) });
  writes.push({ key: blockHashKey(hash), value: encodeHeight(plan.height) });
  writes.push({ key: receiptsKey(plan.height), value: encode(receiptsCodec, result.receipts) });
  for (let i = 0; i < txHashes.length; i++) {
    const h = txHashes[i];
    if (h !== undefined)
      writes.push({
        key: txKey(h),
        value: encode(txLocationCodec, { height: plan.height, index: i }),
      });
  }
  const seqByTx = new Map<number, number>();
  for (const e of result.recordEvents) {
    const seq = seqByTx.get(e.txIndex) ?? 0;
    seqByTx.set(e.txIndex, seq + 1);
    writes.push({
      key: historyKey(e.owner, e.key, plan.height, e.txIndex, seq),
      value: encode(historyEntryCodec, {
        op: e.op === 'put' ? 1 : 2,
        txHash: e.txHash,
        value: e.value,
        contentType: e.contentType,
      }),
    });
    writes.push({
      key: recordIndexKey(e.owner, e.key),
      value: e.op === 'put' ? emptyValue : undefined,
    });
  }
  writes.push({ key: latestHeightKey, value: encodeHeight(plan.height) });
  return { block, hash, commit, writes };
}

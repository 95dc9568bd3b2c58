// The complete set of storage writes that commit one block, for one atomic batch: the state, the
// block and its commit, the hash, tx and evidence indexes, receipts, record history, a changed
// validator set, and the latest height. Nothing of a block is durable unless all of it is.
import { encode } from '../codec/index.ts';
import type { BlockResult } from '../execution/index.ts';
import type { KvWrite } from '../ports/index.ts';
import type { PreparedCommit } from '../state/index.ts';
import { validatorSetCodec, type Commit, type Validator } from '../types/index.ts';
import { encodeCommit, encodeHeight } from './chainStore.ts';
import {
  blockHashKey,
  blockKey,
  commitKey,
  evidenceKey,
  historyEntryCodec,
  historyKey,
  latestHeightKey,
  receiptsCodec,
  receiptsKey,
  recordIndexKey,
  txKey,
  txLocationCodec,
  validatorSetKey,
} from './storageLayout.ts';

/** What one committed block writes. */
export interface CommitPlan {
  readonly height: number;
  readonly hash: Uint8Array;
  /** Canonical bytes of the block. */
  readonly bytes: Uint8Array;
  readonly commit: Commit;
  readonly result: BlockResult;
  readonly prepared: PreparedCommit;
  readonly evidenceHashes: readonly Uint8Array[];
  /** A validator set that changes, and the height from which it signs blocks. */
  readonly validatorSet:
    { readonly effectiveHeight: number; readonly validators: readonly Validator[] } | undefined;
}

const emptyValue = new Uint8Array();

/** Lists every write of the block's batch. */
export function commitWrites(plan: CommitPlan): KvWrite[] {
  const { height, result } = plan;
  const heightBytes = encodeHeight(height);
  const writes: KvWrite[] = [...plan.prepared.writes];
  writes.push({ key: blockKey(height), value: plan.bytes });
  writes.push({ key: commitKey(height), value: encodeCommit(plan.commit) });
  writes.push({ key: blockHashKey(plan.hash), value: heightBytes });
  writes.push({ key: receiptsKey(height), value: encode(receiptsCodec, result.receipts) });
  for (let i = 0; i < result.included.length; i++) {
    const input = result.included[i];
    if (input !== undefined)
      writes.push({ key: txKey(input.hash), value: encode(txLocationCodec, { height, index: i }) });
  }
  const seqByTx = new Map<number, number>();
  for (const e of result.recordEvents) {
    const seq = seqByTx.get(e.txIndex) ?? 0;
    seqByTx.set(e.txIndex, seq + 1);
    writes.push({
      key: historyKey(e.owner, e.key, height, e.txIndex, seq),
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
  for (const hash of plan.evidenceHashes)
    writes.push({ key: evidenceKey(hash), value: heightBytes });
  if (plan.validatorSet !== undefined) {
    writes.push({
      key: validatorSetKey(plan.validatorSet.effectiveHeight),
      value: encode(validatorSetCodec, plan.validatorSet.validators),
    });
  }
  writes.push({ key: latestHeightKey, value: heightBytes });
  return writes;
}

// The complete set of storage writes that commit one block, for one atomic batch: the state, the
// block and its commit, the hash, tx and evidence indexes, receipts, the indexes modules keep
// beside the state (records' history), a changed validator set, and the latest height. Nothing of
// a block is durable unless all of it is.
import { encode } from '../codec/index.ts';
import type { BlockResult, ModuleTable } from '../execution/index.ts';
import type { KvWrite } from '../ports/index.ts';
import type { PreparedCommit } from '../state/index.ts';
import { validatorSetCodec, type Commit, type Validator } from '../types/index.ts';
import { encodeCommit, encodeHeight } from './chainStore.ts';
import {
  blockHashKey,
  blockKey,
  commitKey,
  evidenceKey,
  latestHeightKey,
  receiptsCodec,
  receiptsKey,
  txKey,
  txLocationCodec,
  validatorSetKey,
} from './storageLayout.ts';

/** What one committed block writes. */
export interface CommitPlan {
  readonly modules: ModuleTable;
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
  for (const m of plan.modules.modules) {
    if (m.indexWrites === undefined) continue;
    const own = result.events.filter((e) => e.module === m.name);
    if (own.length > 0) writes.push(...m.indexWrites(own, height));
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

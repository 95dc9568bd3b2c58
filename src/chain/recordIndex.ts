// Reads of the two record indexes the chain keeps beside the authenticated state: each record's
// history (every put and delete, newest first) and each owner's record keys (in key order).
// Neither is part of the state root; history entries point at transactions, which are provable.
import { decode } from '../codec/index.ts';
import { concatBytes, fromUtf8, utf8 } from '../lib/index.ts';
import type { KvStore } from '../ports/index.ts';
import type { HistoryPosition, RecordChange } from '../types/index.ts';
import {
  historyEntryCodec,
  historyKey,
  historyPrefix,
  prefixEnd,
  recordIndexPrefix,
} from './storageLayout.ts';

// The shapes are defined in src/types, shared with the API.
export type { HistoryPosition, RecordChange } from '../types/index.ts';

/** Up to `limit` changes of one record, newest first, strictly before `before` if given. */
export async function readRecordHistory(
  kv: KvStore,
  owner: Uint8Array,
  key: string,
  limit: number,
  before: HistoryPosition | undefined,
): Promise<RecordChange[]> {
  const prefix = historyPrefix(owner, key);
  const lt =
    before === undefined
      ? prefixEnd(prefix)
      : historyKey(owner, key, before.height, before.txIndex, before.seq);
  const rows = await kv.range({ gte: prefix, lt, limit, reverse: true });
  return rows.map(([k, v]): RecordChange => {
    const entry = decode(historyEntryCodec, v);
    const tail = new DataView(k.buffer, k.byteOffset + prefix.length, 14);
    const height = Number(tail.getBigUint64(0));
    return {
      position: { height, txIndex: tail.getUint32(8), seq: tail.getUint16(12) },
      height,
      txHash: entry.txHash,
      op: entry.op === 1 ? 'put' : 'delete',
      value: entry.value,
      contentType: entry.contentType,
    };
  });
}

/** Up to `limit` record keys of `owner` in byte order, strictly after `afterKey` if given. */
export async function listRecordKeys(
  kv: KvStore,
  owner: Uint8Array,
  limit: number,
  afterKey: string | undefined,
): Promise<string[]> {
  const prefix = recordIndexPrefix(owner);
  // prefix‖key‖0x00 is the smallest index key after prefix‖key.
  const gte =
    afterKey === undefined ? prefix : concatBytes(prefix, utf8(afterKey), Uint8Array.of(0));
  const rows = await kv.range({ gte, lt: prefixEnd(prefix), limit });
  return rows.map(([k]) => fromUtf8(k.subarray(prefix.length)) ?? '');
}

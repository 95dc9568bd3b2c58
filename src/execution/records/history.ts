// The two indexes the records module keeps beside the authenticated state (not in its root): each
// record's history (every put and delete, newest first) and each owner's record keys (in key
// order). History entries point at transactions, which are provable. They are written in the same
// atomic batch as their block, from the block's record events.
import { bytes, decode, encode, fixedBytes, option, struct, text, u8 } from '../../codec/index.ts';
import { concatBytes, fromUtf8, prefixEnd, utf8 } from '../../lib/index.ts';
import type { KvStore, KvWrite } from '../../ports/index.ts';
import type { HistoryPosition, RecordChange } from '../../types/index.ts';
import type { LocatedEvent } from '../module.ts';
import type { RecordChangeAttributes } from './records.ts';
import { contentTypeBytesMax, recordValueBytesMax } from './state.ts';

/** First key bytes of the two indexes in the chain's store. */
export const recordIndexNamespaces = { history: 0x79, keys: 0x6b } as const;

const historyEntryCodec = struct({
  op: u8,
  txHash: fixedBytes(32),
  value: option(bytes(recordValueBytesMax)),
  contentType: option(text(contentTypeBytesMax)),
});

function recordPrefix(space: number, owner: Uint8Array, key: string): Uint8Array {
  const k = utf8(key);
  return concatBytes(Uint8Array.of(space), owner, Uint8Array.of(k.length), k);
}

const historyPrefix = (owner: Uint8Array, key: string): Uint8Array =>
  recordPrefix(recordIndexNamespaces.history, owner, key);

// Ordered by height, then tx index, then message order.
function historyKey(owner: Uint8Array, key: string, at: HistoryPosition): Uint8Array {
  const tail = new Uint8Array(14);
  const view = new DataView(tail.buffer);
  view.setBigUint64(0, BigInt(at.height));
  view.setUint32(8, at.txIndex);
  view.setUint16(12, at.seq);
  return concatBytes(historyPrefix(owner, key), tail);
}

const keysPrefix = (owner: Uint8Array): Uint8Array =>
  concatBytes(Uint8Array.of(recordIndexNamespaces.keys), owner);

const emptyValue = new Uint8Array();

/** The index writes of a committed block's record events. */
export function recordIndexWrites(events: readonly LocatedEvent[], height: number): KvWrite[] {
  const writes: KvWrite[] = [];
  const seqByTx = new Map<number, number>();
  for (const e of events) {
    if (e.tx === undefined) continue;
    const a = e.attributes as unknown as RecordChangeAttributes;
    const seq = seqByTx.get(e.tx.index) ?? 0;
    seqByTx.set(e.tx.index, seq + 1);
    writes.push({
      key: historyKey(a.owner, a.key, { height, txIndex: e.tx.index, seq }),
      value: encode(historyEntryCodec, {
        op: a.op === 'put' ? 1 : 2,
        txHash: e.tx.hash,
        value: a.value,
        contentType: a.contentType,
      }),
    });
    writes.push({
      key: concatBytes(keysPrefix(a.owner), utf8(a.key)),
      value: a.op === 'put' ? emptyValue : undefined,
    });
  }
  return writes;
}

/** Up to `limit` changes of one record, newest first, strictly before `before` if given. */
export async function readRecordHistory(
  kv: KvStore,
  owner: Uint8Array,
  key: string,
  limit: number,
  before: HistoryPosition | undefined,
): Promise<RecordChange[]> {
  const prefix = historyPrefix(owner, key);
  const lt = before === undefined ? prefixEnd(prefix) : historyKey(owner, key, before);
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
  const prefix = keysPrefix(owner);
  // prefix‖key‖0x00 is the smallest index key after prefix‖key.
  const gte =
    afterKey === undefined ? prefix : concatBytes(prefix, utf8(afterKey), Uint8Array.of(0));
  const rows = await kv.range({ gte, lt: prefixEnd(prefix), limit });
  return rows.map(([k]) => fromUtf8(k.subarray(prefix.length)) ?? '');
}

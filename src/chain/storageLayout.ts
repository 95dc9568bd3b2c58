// Where the chain keeps each kind of data inside the one KvStore (LevelDB in a node, memory in the
// simulator). Every key starts with a one-byte namespace; the authenticated state lives under its
// own namespace (src/state). Heights are big-endian so that byte order is height order.
import {
  fixedBytes,
  option,
  struct,
  bytes,
  text,
  u8,
  uint,
  vec,
  type Infer,
} from '../codec/index.ts';
import { concatBytes, u64be, utf8 } from '../lib/index.ts';
import {
  receiptCodec,
  recordValueBytesMax,
  contentTypeBytesMax,
  txsPerBlockMax,
} from '../types/index.ts';

const ns = {
  meta: 0x6d, // 'm'
  block: 0x62, // 'b'
  commit: 0x63, // 'c'
  blockHash: 0x68, // 'h'
  tx: 0x74, // 't'
  receipts: 0x72, // 'r' (never collides: state keys live under the state namespace)
  history: 0x79, // 'y'
  recordIndex: 0x6b, // 'k'
  validatorSet: 0x76, // 'v'
  evidence: 0x65, // 'e'
} as const;

/** Meta key of the latest committed height. */
export const latestHeightKey = concatBytes(Uint8Array.of(ns.meta), utf8('latest-height'));
/** Meta key of the genesis hash this database was created from. */
export const genesisHashKey = concatBytes(Uint8Array.of(ns.meta), utf8('genesis-hash'));

/** Key of the block at `height`. */
export const blockKey = (height: number): Uint8Array =>
  concatBytes(Uint8Array.of(ns.block), u64be(height));
/** Key of the commit that finalised the block at `height`. */
export const commitKey = (height: number): Uint8Array =>
  concatBytes(Uint8Array.of(ns.commit), u64be(height));
/** Key of the block-hash → height index. */
export const blockHashKey = (hash: Uint8Array): Uint8Array =>
  concatBytes(Uint8Array.of(ns.blockHash), hash);
/** Key of the tx-hash → (height, index) index. */
export const txKey = (hash: Uint8Array): Uint8Array => concatBytes(Uint8Array.of(ns.tx), hash);
/** Prefix of the validator sets, each stored under the height from which it signs blocks. */
export const validatorSetPrefix: Uint8Array = Uint8Array.of(ns.validatorSet);
/** Key of the validator set effective from `height` (written only when the set changes). */
export const validatorSetKey = (height: number): Uint8Array =>
  concatBytes(validatorSetPrefix, u64be(height));
/** Key of the evidence-hash → height index of committed evidence. */
export const evidenceKey = (hash: Uint8Array): Uint8Array =>
  concatBytes(Uint8Array.of(ns.evidence), hash);
/** Key of the receipts of the block at `height`. */
export const receiptsKey = (height: number): Uint8Array =>
  concatBytes(Uint8Array.of(ns.receipts), u64be(height));

function recordPrefix(space: number, owner: Uint8Array, key: string): Uint8Array {
  const k = utf8(key);
  return concatBytes(Uint8Array.of(space), owner, Uint8Array.of(k.length), k);
}

/** Prefix of one record's history entries. */
export const historyPrefix = (owner: Uint8Array, key: string): Uint8Array =>
  recordPrefix(ns.history, owner, key);

/** Key of one history entry: ordered by height, then tx index, then message order. */
export function historyKey(
  owner: Uint8Array,
  key: string,
  height: number,
  txIndex: number,
  seq: number,
): Uint8Array {
  const tail = new Uint8Array(14);
  const view = new DataView(tail.buffer);
  view.setBigUint64(0, BigInt(height));
  view.setUint32(8, txIndex);
  view.setUint16(12, seq);
  return concatBytes(historyPrefix(owner, key), tail);
}

/** Prefix of the index of an owner's record keys. */
export const recordIndexPrefix = (owner: Uint8Array): Uint8Array =>
  concatBytes(Uint8Array.of(ns.recordIndex), owner);
/** Key of one entry of the owner's record index. */
export const recordIndexKey = (owner: Uint8Array, key: string): Uint8Array =>
  concatBytes(recordIndexPrefix(owner), utf8(key));

/** Location of a committed transaction. */
export const txLocationCodec = struct({ height: uint, index: uint });

/** The receipts of one block. */
export const receiptsCodec = vec(receiptCodec, txsPerBlockMax);

/** One stored history entry. */
export const historyEntryCodec = struct({
  op: u8,
  txHash: fixedBytes(32),
  value: option(bytes(recordValueBytesMax)),
  contentType: option(text(contentTypeBytesMax)),
});

/** One stored history entry. */
export type HistoryEntry = Infer<typeof historyEntryCodec>;

/** The exclusive upper bound of all keys starting with `prefix`. */
export function prefixEnd(prefix: Uint8Array): Uint8Array {
  const end = prefix.slice();
  for (let i = end.length - 1; i >= 0; i--) {
    const b = end[i] ?? 0;
    if (b < 0xff) {
      end[i] = b + 1;
      return end.slice(0, i + 1);
    }
  }
  return concatBytes(prefix, Uint8Array.of(0xff));
}

// Where the chain keeps each kind of data inside the one KvStore (LevelDB in a node, memory in the
// simulator). Every key starts with a one-byte namespace; the authenticated state lives under its
// own namespace (src/state). Heights are big-endian so that byte order is height order.
import { struct, uint, vec } from '../codec/index.ts';
import { concatBytes, u64be, utf8 } from '../lib/index.ts';
import { defaultStatePrefix } from '../state/index.ts';
import { receiptCodec, txsPerBlockMax } from '../types/index.ts';

const ns = {
  meta: 0x6d, // 'm'
  block: 0x62, // 'b'
  commit: 0x63, // 'c'
  blockHash: 0x68, // 'h'
  tx: 0x74, // 't'
  receipts: 0x72, // 'r' (never collides: state keys live under the state namespace)
  validatorSet: 0x76, // 'v'
  evidence: 0x65, // 'e'
} as const;

/**
 * Namespaces the chain keeps for itself; the indexes modules keep beside the state use others
 * (ModuleDef.indexNamespaces, checked when the chain opens).
 */
export const chainNamespaces: ReadonlySet<number> = new Set([
  ...Object.values(ns),
  defaultStatePrefix[0] ?? 0,
]);

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

/** Location of a committed transaction. */
export const txLocationCodec = struct({ height: uint, index: uint });

/** The receipts of one block. */
export const receiptsCodec = vec(receiptCodec, txsPerBlockMax);

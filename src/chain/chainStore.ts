// Reads of committed chain data (blocks, commits, tx locations, receipts), with a small cache of
// recently used blocks so proofs for transactions in the same block do not re-decode it.
import { decode, encode } from '../codec/index.ts';
import { listProof, type ListProof } from '../crypto/index.ts';
import { readU64be, u64be } from '../lib/index.ts';
import type { KvReader } from '../ports/index.ts';
import {
  blockHash,
  commitCodec,
  decodeBlock,
  receiptHash,
  type Block,
  type Commit,
  type Receipt,
} from '../types/index.ts';
import { decodeTx, txHash, type SignedTx } from '../execution/index.ts';
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
} from './storageLayout.ts';

/**
 * A decoded block. Transaction hashes and receipts are computed on first use: a 10,000-tx block
 * costs ~30k hashes to index, which block headers and status reads must not pay.
 */
export interface LoadedBlock {
  readonly hash: Uint8Array;
  readonly block: Block;
  txHashes(): readonly Uint8Array[];
  receipts(): readonly Receipt[];
  receiptHashes(): readonly Uint8Array[];
}

function memo<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: compute() }).v;
}

/** Read access to committed chain data. */
export interface ChainStore {
  latestHeight(): number;
  loadBlock(height: number): LoadedBlock | undefined;
  /** Canonical bytes of the committed block at `height`. */
  blockBytes(height: number): Uint8Array | undefined;
  commitAt(height: number): Commit | undefined;
  heightOfHash(hash: Uint8Array): number | undefined;
  /** Height of the block that included the evidence with this hash (see `evidenceHash`). */
  evidenceHeight(hash: Uint8Array): number | undefined;
  txLocation(hash: Uint8Array): { readonly height: number; readonly index: number } | undefined;
  txAt(
    block: LoadedBlock,
    index: number,
  ):
    | {
        readonly tx: SignedTx;
        readonly raw: Uint8Array;
        readonly txProof: ListProof;
        readonly receiptProof: ListProof;
      }
    | undefined;
}

const cacheBlocksMax = 16;

/** Creates the reader over `kv`. */
export function createChainStore(kv: KvReader): ChainStore {
  const cache = new Map<number, LoadedBlock>();
  return {
    latestHeight() {
      const raw = kv.get(latestHeightKey);
      return raw === undefined ? 0 : Number(readU64be(raw));
    },
    loadBlock(height) {
      const hit = cache.get(height);
      if (hit !== undefined) return hit;
      const raw = kv.get(blockKey(height));
      if (raw === undefined) return undefined;
      const block = decodeBlock(raw);
      const receipts = memo(() => {
        const receiptsRaw = kv.get(receiptsKey(height));
        return receiptsRaw === undefined ? [] : decode(receiptsCodec, receiptsRaw);
      });
      const loaded: LoadedBlock = {
        hash: blockHash(block.header),
        block,
        txHashes: memo(() => block.txs.map(txHash)),
        receipts,
        receiptHashes: memo(() => receipts().map(receiptHash)),
      };
      if (cache.size >= cacheBlocksMax) {
        const oldest = cache.keys().next();
        if (oldest.done !== true) cache.delete(oldest.value);
      }
      cache.set(height, loaded);
      return loaded;
    },
    blockBytes: (height) => kv.get(blockKey(height)),
    commitAt(height) {
      const raw = kv.get(commitKey(height));
      return raw === undefined ? undefined : decode(commitCodec, raw);
    },
    heightOfHash(hash) {
      const raw = kv.get(blockHashKey(hash));
      return raw === undefined ? undefined : Number(readU64be(raw));
    },
    evidenceHeight(hash) {
      const raw = kv.get(evidenceKey(hash));
      return raw === undefined ? undefined : Number(readU64be(raw));
    },
    txLocation(hash) {
      const raw = kv.get(txKey(hash));
      return raw === undefined ? undefined : decode(txLocationCodec, raw);
    },
    txAt(loaded, index) {
      const raw = loaded.block.txs[index];
      if (raw === undefined) return undefined;
      return {
        tx: decodeTx(raw),
        raw,
        txProof: listProof(loaded.txHashes(), index),
        receiptProof: listProof(loaded.receiptHashes(), index),
      };
    },
  };
}

/** Encodes a height as stored under the meta and hash-index keys. */
export function encodeHeight(height: number): Uint8Array {
  return u64be(height);
}

/** Encodes a commit for storage. */
export function encodeCommit(commit: Commit): Uint8Array {
  return encode(commitCodec, commit);
}

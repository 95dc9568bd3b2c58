// The authenticated state: a path-compressed binary sparse Merkle tree over sha256(key), stored
// content-addressed in the node's KvStore, with a flat index of latest values for fast reads.
// Commits are two-phase so the caller can put the tree's writes in its one atomic block batch:
// prepareCommit computes them without writing, applied advances once they are durable.
import { assert, equalBytes, readU64be, u64be } from '../lib/index.ts';
import type { KvReader, KvWrite } from '../ports/index.ts';
import { applyChanges, type UpdateContext } from './batchUpdate.ts';
import { checkKey, toChanges } from './changes.ts';
import { stateErrors } from './errors.ts';
import { nodeHashBytes } from './limits.ts';
import {
  decodeNode,
  emptyHash,
  encodedNodeBytes,
  encodeNodeInto,
  type InternalNode,
  type LeafHead,
  type TreeNode,
} from './node.ts';
import { createNodeCache } from './nodeCache.ts';
import { proveKey } from './proveKey.ts';
import type { StateProof } from './stateProof.ts';
import { createStorageKeys, defaultStatePrefix, type StorageKeys } from './storageKeys.ts';

/** A computed but not yet durable commit: the caller writes `writes`, then calls `applied`. */
export interface PreparedCommit {
  readonly version: number;
  readonly root: Uint8Array;
  readonly writes: readonly KvWrite[];
}

/** The authenticated key-value state at its latest applied version, with proofs of any version. */
export interface MerkleStore {
  /** Last applied version (0 = the empty store). */
  readonly version: number;
  /** Root at `version`. */
  readonly root: Uint8Array;
  /** Latest applied value of `key`, from the flat index (no tree walk). */
  get(key: Uint8Array): Uint8Array | undefined;
  /** Computes version+1 from `changes` (hex key -> value, undefined = delete); writes nothing. */
  prepareCommit(changes: ReadonlyMap<string, Uint8Array | undefined>): PreparedCommit;
  /** Advances to `prepared` once the batch holding its writes is durable. */
  applied(prepared: PreparedCommit): void;
  /** Root of an applied version, or undefined if there is no such version. */
  rootAt(version: number): Uint8Array | undefined;
  /** Proof of presence (with value) or absence of `key` at `version` (default latest). */
  prove(
    key: Uint8Array,
    version?: number,
  ): { readonly value: Uint8Array | undefined; readonly proof: StateProof };
  /**
   * Every key and value at `version`, in key-hash order, by walking its tree (exports and forks;
   * reads every node once, so it is for offline tools, not for serving queries).
   */
  entries(version: number): Generator<{ readonly key: Uint8Array; readonly value: Uint8Array }>;
}

/** Options of createMerkleStore. */
export interface MerkleStoreOptions {
  readonly kv: KvReader;
  /** Namespace byte(s) inside the shared database; default 0x73 ('s'). */
  readonly prefix?: Uint8Array;
  /** Most tree nodes kept in memory (~105 bytes each, outside the JS heap); default 2^22. */
  readonly nodeCacheMax?: number;
  /** Most latest values kept in memory for `get`; default {@link valueCacheMax}, 0 disables. */
  readonly valueCacheMax?: number;
}

/**
 * Default bound of the node cache, in nodes: 2^22 slots of ~105 bytes (~440 MB at most, outside
 * the traced heap; the table grows to it only as the tree does) hold the ~2.5 million live nodes
 * of a 10^6-key tree and what recent commits replaced.
 */
export const nodeCacheMaxDefault = 1 << 22;

/** The empty state's root: the empty-subtree placeholder, 32 zero bytes. */
export const emptyStateRoot: Uint8Array = emptyHash.slice();

// One slab for all of a commit's node keys and encodings: a hundred thousand small typed
// arrays each with its own buffer cost more to allocate and collect than to hash.
function nodeWrites(keys: StorageKeys, created: readonly TreeNode[]): KvWrite[] {
  const keyBytes = keys.nodeKeyBytes;
  let total = 0;
  for (const node of created) total += keyBytes + encodedNodeBytes(node);
  const slab = new Uint8Array(total);
  const out: KvWrite[] = [];
  let at = 0;
  for (const node of created) {
    const key = slab.subarray(at, at + keyBytes);
    keys.nodeInto(node.hash, key);
    at += keyBytes;
    const value = slab.subarray(at, at + encodedNodeBytes(node));
    encodeNodeInto(node, value);
    at += value.length;
    out.push({ key, value });
  }
  return out;
}

/** Most values kept in the read cache of latest values. */
export const valueCacheMax = 200_000;

/** Opens the store over `kv` at the latest version recorded there. */
export function createMerkleStore(options: MerkleStoreOptions): MerkleStore {
  const kv = options.kv;
  const keys = createStorageKeys(options.prefix ?? defaultStatePrefix);
  const valuesMax = options.valueCacheMax ?? valueCacheMax;
  const cacheMax = options.nodeCacheMax ?? nodeCacheMaxDefault;
  if (!Number.isSafeInteger(cacheMax) || cacheMax < 2) {
    throw stateErrors.state_bad_option();
  }
  const cache = createNodeCache(cacheMax);
  // Nodes created by a prepared commit, added to the cache once it is applied.
  const pending = new WeakMap<
    PreparedCommit,
    {
      parentRoot: Uint8Array;
      created: TreeNode[];
      replaced: Uint8Array[];
      changes: readonly { key: Uint8Array; value: Uint8Array | undefined }[];
    }
  >();
  // Latest applied values of recently used keys: most reads (admission, then execution of the
  // same accounts) hit it instead of the flat index on disk. Updated only in applied(), so it
  // never shows a value of a commit that is not yet durable.
  const values = new Map<string, Uint8Array | null>();
  const valueId = (key: Uint8Array): string =>
    Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1');
  const remember = (id: string, value: Uint8Array | null): void => {
    if (valuesMax === 0) return;
    if (!values.has(id) && values.size >= valuesMax) {
      const oldest = values.keys().next();
      if (oldest.done !== true) values.delete(oldest.value);
    }
    values.set(id, value);
  };

  let version = 0;
  let root = emptyHash;
  // True between prepareCommit and applied: the caller is writing that commit's batch.
  let writing = false;
  const head = kv.get(keys.head);
  if (head !== undefined) {
    assert(head.length === 8, 'state head record is 8 bytes');
    version = Number(readU64be(head));
    const stored = kv.get(keys.root(version));
    assert(stored?.length === nodeHashBytes, 'state root of the head version is stored');
    root = stored;
  }

  function read(hash: Uint8Array): TreeNode {
    const bytes = kv.get(keys.node(hash));
    if (bytes === undefined) {
      throw stateErrors.state_node_missing({ hash: Buffer.from(hash).toString('hex') });
    }
    return decodeNode(hash.slice(), bytes);
  }

  function load(hash: Uint8Array): InternalNode | LeafHead {
    const hit = cache.get(hash);
    if (hit !== undefined) return hit;
    const node = read(hash);
    cache.set(node);
    return node;
  }

  function leafValue(leaf: LeafHead): Uint8Array {
    const node = read(leaf.hash);
    assert(node.kind === 'leaf', 'a leaf hash names a stored leaf');
    return node.value;
  }

  function rootAt(v: number): Uint8Array | undefined {
    if (!Number.isSafeInteger(v) || v < 0 || v > version) return undefined;
    if (v === version) return root.slice();
    if (v === 0) return emptyHash.slice();
    const stored = kv.get(keys.root(v));
    return stored?.slice();
  }

  return {
    get version() {
      return version;
    },
    get root() {
      return root.slice();
    },
    get(key) {
      checkKey(key);
      const id = valueId(key);
      const hit = values.get(id);
      if (hit !== undefined) return hit ?? undefined;
      const value = kv.get(keys.value(key));
      // A miss while a commit is being written could read its value early: don't cache it then.
      if (!writing) remember(id, value ?? null);
      return value;
    },
    *entries(v) {
      const at = rootAt(v);
      if (at === undefined) throw stateErrors.state_version_unknown({ version: v });
      if (equalBytes(at, emptyHash)) return;
      // Depth-first over the stored nodes, left before right; bounded by the tree's own size.
      const stack: Uint8Array[] = [at];
      while (stack.length > 0) {
        const hash = stack.pop();
        if (hash === undefined) break;
        const node = read(hash);
        if (node.kind === 'leaf') {
          yield { key: node.key.slice(), value: node.value.slice() };
        } else {
          if (!equalBytes(node.right, emptyHash)) stack.push(node.right);
          if (!equalBytes(node.left, emptyHash)) stack.push(node.left);
        }
      }
    },
    prepareCommit(changes) {
      const sorted = toChanges(changes);
      const ctx: UpdateContext = { load, created: [], replaced: [] };
      const newRoot = applyChanges(ctx, root, sorted);
      const next = version + 1;
      const writes = nodeWrites(keys, ctx.created);
      for (const c of sorted) writes.push({ key: keys.value(c.key), value: c.value });
      writes.push({ key: keys.root(next), value: newRoot });
      writes.push({ key: keys.head, value: u64be(next) });
      const prepared: PreparedCommit = { version: next, root: newRoot.slice(), writes };
      pending.set(prepared, {
        parentRoot: root,
        created: ctx.created,
        replaced: ctx.replaced,
        changes: sorted,
      });
      writing = true;
      return prepared;
    },
    applied(prepared) {
      const info = pending.get(prepared);
      assert(info !== undefined, 'applied() takes a commit prepared by this store');
      assert(prepared.version === version + 1, 'commits are applied in version order');
      assert(equalBytes(info.parentRoot, root), 'the prepared commit builds on the current root');
      pending.delete(prepared);
      // Nodes of the old version only are kept last: proofs of old versions are rare.
      for (const hash of info.replaced) cache.demote(hash);
      for (const node of info.created) cache.set(node);
      for (const c of info.changes) {
        const id = valueId(c.key);
        if (values.has(id)) values.set(id, c.value ?? null);
      }
      writing = false;
      version = prepared.version;
      root = prepared.root.slice();
    },
    rootAt,
    prove(key, at = version) {
      checkKey(key);
      const atRoot = rootAt(at);
      if (atRoot === undefined) {
        throw stateErrors.state_version_unknown({ version: at });
      }
      return proveKey(load, leafValue, atRoot, key);
    },
  };
}

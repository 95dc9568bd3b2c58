// A bounded cache of tree nodes in one flat byte table, outside the JS heap's traced objects.
// At 10^6 keys the tree has ~2.5 million live nodes and a commit's paths reach ~10^5 nodes below
// the hot top levels; a Map of decoded node objects big enough to hold them cost the garbage
// collector more than it saved, and one node read from LevelDB on a miss costs ~40 us. Here a
// node costs 97 bytes and no object: `hash (32) | code (1) | left, right (internal) or keyHash,
// valueHash (leaf)`. A leaf is cached without its key and value (the tree update needs only its
// hashes; a proof of presence reads the value from storage).
// The table is 4-way set-associative, indexed by the hash's first bytes (uniformly random), with
// LRU inside each set: no deletion, no rehashing, and a fixed size chosen up front.
import { assert } from '../lib/index.ts';
import { nodeHashBytes } from './limits.ts';
import type { InternalNode, LeafHead, TreeNode } from './node.ts';

/** A node as the cache returns it: an internal node, or a leaf's hashes without key and value. */
export type CachedNode = InternalNode | LeafHead;

/** A bounded table from node hash to node. */
export interface NodeCache {
  /** The node with `hash`, as a fresh copy, or undefined. */
  get(hash: Uint8Array): CachedNode | undefined;
  set(node: TreeNode | CachedNode): void;
  /** Marks the node with `hash`, if held, as the first to evict from its set. */
  demote(hash: Uint8Array): void;
  /** Nodes held. */
  readonly size: number;
  /** Nodes the table can hold. */
  readonly capacity: number;
}

const ways = 4;
const codeAt = nodeHashBytes;
const firstAt = nodeHashBytes + 1;
const secondAt = firstAt + nodeHashBytes;
/** Bytes per cached node. */
export const nodeCacheSlotBytes = secondAt + nodeHashBytes;
const internalCode = 1;
const leafCode = 2;
// Stamp of a demoted node: older than any use, so its way is reused first.
const demoted = 1;

/** Sets the table starts with; it doubles as it fills, up to its bound. */
const initialSets = 1024;

/** Creates a cache of at most `entriesMax` nodes (a power of two >= 4 at most entriesMax, or 4). */
export function createNodeCache(entriesMax: number): NodeCache {
  let setsMax = 1;
  while (setsMax * 2 * ways <= entriesMax) setsMax *= 2;
  const capacityMax = setsMax * ways;
  // A small store never pays for the full table: it starts small and doubles when needed.
  let sets = Math.min(setsMax, initialSets);
  let mask = sets - 1;
  let table = new Uint8Array(sets * ways * nodeCacheSlotBytes);
  // Last use of each slot (0 = empty); a float counts past 2^32 uses without wrapping.
  let stamps = new Float64Array(sets * ways);
  let clock = demoted;
  let size = 0;
  let demotedCount = 0;

  function touch(slot: number): void {
    if (stamps[slot] === demoted) demotedCount--;
    stamps[slot] = ++clock;
  }

  function grow(): void {
    const oldTable = table;
    const oldStamps = stamps;
    sets *= 2;
    mask = sets - 1;
    table = new Uint8Array(sets * ways * nodeCacheSlotBytes);
    stamps = new Float64Array(sets * ways);
    // Doubling splits each set in two by one more hash bit, so every node still fits.
    for (let slot = 0; slot < oldStamps.length; slot++) {
      const stamp = oldStamps[slot] ?? 0;
      if (stamp === 0) continue;
      const at = slot * nodeCacheSlotBytes;
      const base = setOf(oldTable.subarray(at, at + nodeHashBytes));
      let to = base;
      while (stamps[to] !== 0) to++;
      table.set(oldTable.subarray(at, at + nodeCacheSlotBytes), to * nodeCacheSlotBytes);
      stamps[to] = stamp;
    }
  }

  function setOf(hash: Uint8Array): number {
    const h =
      ((hash[0] ?? 0) << 24) | ((hash[1] ?? 0) << 16) | ((hash[2] ?? 0) << 8) | (hash[3] ?? 0);
    return (h & mask) * ways;
  }

  // A demoted way (a node the tree no longer has), else an empty one, else -1.
  function freeWay(base: number): number {
    let empty = -1;
    for (let slot = base; slot < base + ways; slot++) {
      if (stamps[slot] === demoted) return slot;
      if (stamps[slot] === 0 && empty < 0) empty = slot;
    }
    return empty;
  }

  function find(hash: Uint8Array, base: number): number {
    for (let slot = base; slot < base + ways; slot++) {
      if (stamps[slot] === 0) continue;
      const at = slot * nodeCacheSlotBytes;
      let i = 0;
      while (i < nodeHashBytes && table[at + i] === hash[i]) i++;
      if (i === nodeHashBytes) return slot;
    }
    return -1;
  }

  return {
    get(hash) {
      assert(hash.length === nodeHashBytes, 'node hashes are 32 bytes');
      const slot = find(hash, setOf(hash));
      if (slot < 0) return undefined;
      touch(slot);
      const at = slot * nodeCacheSlotBytes;
      const copy = table.slice(at, at + nodeCacheSlotBytes);
      const nodeHash = copy.subarray(0, nodeHashBytes);
      const first = copy.subarray(firstAt, secondAt);
      const second = copy.subarray(secondAt);
      return copy[codeAt] === internalCode
        ? { kind: 'internal', hash: nodeHash, left: first, right: second }
        : { kind: 'leaf', hash: nodeHash, keyHash: first, valueHash: second };
    },
    set(node) {
      let base = setOf(node.hash);
      let slot = find(node.hash, base);
      if (slot < 0) {
        slot = freeWay(base);
        // A set full of live nodes doubles the table once live nodes fill a third of it, up
        // to its bound; otherwise the set's least recently used node goes.
        while (slot < 0 && sets < setsMax && size - demotedCount >= stamps.length / 3) {
          grow();
          base = setOf(node.hash);
          slot = freeWay(base);
        }
        if (slot < 0) {
          slot = base;
          for (let s = base + 1; s < base + ways; s++)
            if ((stamps[s] ?? 0) < (stamps[slot] ?? 0)) slot = s;
        }
        if (stamps[slot] === 0) size++;
        const at = slot * nodeCacheSlotBytes;
        table.set(node.hash, at);
        if (node.kind === 'internal') {
          table[at + codeAt] = internalCode;
          table.set(node.left, at + firstAt);
          table.set(node.right, at + secondAt);
        } else {
          table[at + codeAt] = leafCode;
          table.set(node.keyHash, at + firstAt);
          table.set(node.valueHash, at + secondAt);
        }
      }
      touch(slot);
    },
    demote(hash) {
      const slot = find(hash, setOf(hash));
      if (slot < 0 || stamps[slot] === demoted) return;
      stamps[slot] = demoted;
      demotedCount++;
    },
    get size() {
      return size;
    },
    capacity: capacityMax,
  };
}

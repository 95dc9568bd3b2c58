// A bounded cache of decoded tree nodes. Two generations approximate LRU without the cost of
// re-ordering a Map on every hit: a hit in the old generation is promoted, and when the young
// generation fills up the old one is dropped whole. Nodes near the root are touched by every
// commit and proof, so they stay in the young generation: the top levels are always hot.
import type { TreeNode } from './node.ts';

/** A bounded map from node id (see nodeId) to decoded node. */
export interface NodeCache {
  get(id: string): TreeNode | undefined;
  set(id: string, node: TreeNode): void;
  readonly size: number;
}

/** Cache key of a 32-byte hash: one latin1 char per byte, the cheapest string Node can make. */
export function nodeId(hash: Uint8Array): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('latin1');
}

/** Creates a cache holding at most `entriesMax` nodes (at least 2). */
export function createNodeCache(entriesMax: number): NodeCache {
  const generationMax = Math.max(1, Math.floor(entriesMax / 2));
  let young = new Map<string, TreeNode>();
  let old = new Map<string, TreeNode>();

  function set(id: string, node: TreeNode): void {
    if (young.size >= generationMax) {
      old = young;
      young = new Map();
    }
    young.set(id, node);
  }

  return {
    get(id) {
      const hit = young.get(id);
      if (hit !== undefined) return hit;
      const aged = old.get(id);
      if (aged !== undefined) {
        old.delete(id);
        set(id, aged);
      }
      return aged;
    },
    set,
    get size() {
      return young.size + old.size;
    },
  };
}

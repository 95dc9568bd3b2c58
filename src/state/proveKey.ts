// Builds a proof by walking a key hash's path from a root to the leaf or empty subtree at its end.
import { sha256 } from '../crypto/index.ts';
import { assert, equalBytes } from '../lib/index.ts';
import { proofDepthMax } from './limits.ts';
import { bitAt, isEmptyHash, type InternalNode, type LeafHead, type LeafNode } from './node.ts';
import type { StateProof } from './stateProof.ts';

/**
 * Proof of `key`'s value (or absence) under `root`; every returned array is a fresh copy.
 * `leafValue` reads a leaf's value when `load` gave only its hashes.
 */
export function proveKey(
  load: (hash: Uint8Array) => InternalNode | LeafHead,
  leafValue: (leaf: LeafHead) => Uint8Array,
  root: Uint8Array,
  key: Uint8Array,
): { readonly value: Uint8Array | undefined; readonly proof: StateProof } {
  const keyHash = sha256(key);
  const siblings: Uint8Array[] = [];
  let hash = root;
  for (let depth = 0; !isEmptyHash(hash); depth++) {
    const node = load(hash);
    if (node.kind === 'leaf') {
      const found = equalBytes(node.keyHash, keyHash);
      const leaf = { keyHash: node.keyHash.slice(), valueHash: node.valueHash.slice() };
      return {
        value: found ? fullValue(node, leafValue).slice() : undefined,
        proof: { key: key.slice(), leaf, siblings },
      };
    }
    assert(depth < proofDepthMax, 'proof path stays within 256 levels');
    const right = bitAt(keyHash, depth) === 1;
    siblings.push((right ? node.left : node.right).slice());
    hash = right ? node.right : node.left;
  }
  return { value: undefined, proof: { key: key.slice(), leaf: undefined, siblings } };
}

// A leaf decoded from storage carries its value; one from the node cache has only its hashes.
function fullValue(node: LeafHead, leafValue: (leaf: LeafHead) => Uint8Array): Uint8Array {
  const value: unknown = (node as Partial<LeafNode>).value;
  return value instanceof Uint8Array ? value : leafValue(node);
}

// The Merkle root of an ordered list (transactions and receipts of a block), in the RFC 6962
// shape: the left subtree holds the largest power of two below n leaves, leaves and inner nodes
// are hashed under different domain tags so a leaf can never pose as an inner node.
import { concatBytes, equalBytes } from '../lib/index.ts';
import { sha256, taggedHash } from './hash.ts';

const leafTag = 'polity/list/leaf';
const nodeTag = 'polity/list/node';

/** Root of an empty list. */
export const emptyListRoot: Uint8Array = sha256(new Uint8Array());

function leafHash(item: Uint8Array): Uint8Array {
  return taggedHash(leafTag, item);
}

function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return taggedHash(nodeTag, concatBytes(left, right));
}

function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function rootOfLeaves(leaves: readonly Uint8Array[], from: number, to: number): Uint8Array {
  const n = to - from;
  if (n === 1) return leaves[from] ?? emptyListRoot;
  const k = splitPoint(n);
  return nodeHash(rootOfLeaves(leaves, from, from + k), rootOfLeaves(leaves, from + k, to));
}

/** Merkle root of `items` (each item is typically a 32-byte object hash). */
export function listRoot(items: readonly Uint8Array[]): Uint8Array {
  if (items.length === 0) return emptyListRoot;
  return rootOfLeaves(items.map(leafHash), 0, items.length);
}

/** Proof that the item at `index` is in a list of `total` items. */
export interface ListProof {
  readonly index: number;
  readonly total: number;
  /** Sibling hashes from the leaf up to the root. */
  readonly siblings: readonly Uint8Array[];
}

/** Builds the inclusion proof of `items[index]`. */
export function listProof(items: readonly Uint8Array[], index: number): ListProof {
  const leaves = items.map(leafHash);
  const siblings: Uint8Array[] = [];
  const walk = (from: number, to: number): void => {
    const n = to - from;
    if (n === 1) return;
    const k = splitPoint(n);
    if (index < from + k) {
      walk(from, from + k);
      siblings.push(rootOfLeaves(leaves, from + k, to));
    } else {
      walk(from + k, to);
      siblings.push(rootOfLeaves(leaves, from, from + k));
    }
  };
  walk(0, items.length);
  return { index, total: items.length, siblings };
}

/** Checks that `item` sits at `proof.index` of a list whose root is `root`. */
export function verifyListProof(root: Uint8Array, item: Uint8Array, proof: ListProof): boolean {
  const { index, total } = proof;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(total)) return false;
  if (index < 0 || index >= total || proof.siblings.length > 64) return false;
  // Recompute the path top-down to know, at each level, whether we were the left or right child.
  const sides: boolean[] = [];
  let from = 0;
  let to = total;
  while (to - from > 1) {
    const k = splitPoint(to - from);
    if (index < from + k) {
      sides.push(true);
      to = from + k;
    } else {
      sides.push(false);
      from = from + k;
    }
  }
  if (sides.length !== proof.siblings.length) return false;
  let hash = leafHash(item);
  for (let i = 0; i < sides.length; i++) {
    const sibling = proof.siblings[i];
    const isLeft = sides[sides.length - 1 - i];
    if (sibling === undefined || sibling.length !== 32) return false;
    hash = isLeft === true ? nodeHash(hash, sibling) : nodeHash(sibling, hash);
  }
  return equalBytes(hash, root);
}

// Tree nodes of the path-compressed binary sparse Merkle tree: their in-memory shape, their
// canonical storage encoding and their domain-separated hashes (docs/spec/state.md).
import { sha256 } from '../crypto/index.ts';
import { assert, utf8 } from '../lib/index.ts';
import { nodeHashBytes, stateKeyBytesMax } from './limits.ts';

/** Hash tag of leaf nodes: a leaf can never be mistaken for an internal node. */
export const leafHashTag = 'polity/state/leaf';
/** Hash tag of internal nodes. */
export const internalHashTag = 'polity/state/internal';

/** Placeholder hash of an empty subtree (also the root of the empty state). */
export const emptyHash: Uint8Array = new Uint8Array(nodeHashBytes);

const internalCode = 1;
const leafCode = 2;

/** What the tree's shape and hashes need of a leaf (the node cache keeps only this). */
export interface LeafHead {
  readonly kind: 'leaf';
  readonly hash: Uint8Array;
  readonly keyHash: Uint8Array;
  readonly valueHash: Uint8Array;
}

/** A stored leaf: the full key and value travel with it so any version can be read back. */
export interface LeafNode extends LeafHead {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

/** A stored internal node; an empty child is `emptyHash`. */
export interface InternalNode {
  readonly kind: 'internal';
  readonly hash: Uint8Array;
  readonly left: Uint8Array;
  readonly right: Uint8Array;
}

/** Any stored node. */
export type TreeNode = LeafNode | InternalNode;

// Reused preimage buffers `utf8(tag) || 0x00 || a || b`, exactly taggedHash's input, filled in
// place: hashing is synchronous, and node hashing dominates commit time, so the two allocations
// per hash that taggedHash(tag, concatBytes(a, b)) makes are worth saving.
function pairHasher(tag: string): (a: Uint8Array, b: Uint8Array) => Uint8Array {
  const t = utf8(tag);
  const scratch = new Uint8Array(t.length + 1 + 2 * nodeHashBytes);
  scratch.set(t);
  const at = t.length + 1;
  return (a, b) => {
    assert(a.length === nodeHashBytes && b.length === nodeHashBytes, 'hashing two 32-byte hashes');
    scratch.set(a, at);
    scratch.set(b, at + nodeHashBytes);
    return sha256(scratch);
  };
}

/** Hash of a leaf from the hashes of its key and value: taggedHash(leafHashTag, keyHash || valueHash). */
export const leafHash: (keyHash: Uint8Array, valueHash: Uint8Array) => Uint8Array =
  pairHasher(leafHashTag);

/** Hash of an internal node from its children's hashes: taggedHash(internalHashTag, left || right). */
export const internalHash: (left: Uint8Array, right: Uint8Array) => Uint8Array =
  pairHasher(internalHashTag);

/** True when `hash` is the empty-subtree placeholder. */
export function isEmptyHash(hash: Uint8Array): boolean {
  for (let i = 0; i < nodeHashBytes; i++) if (hash[i] !== 0) return false;
  return true;
}

/** Bit `index` (0 = most significant bit of byte 0) of a 32-byte key hash. */
export function bitAt(keyHash: Uint8Array, index: number): number {
  return ((keyHash[index >> 3] ?? 0) >> (7 - (index & 7))) & 1;
}

/** Builds a leaf for `key` = `value`, hashing both. */
export function makeLeaf(key: Uint8Array, keyHash: Uint8Array, value: Uint8Array): LeafNode {
  const valueHash = sha256(value);
  return { kind: 'leaf', hash: leafHash(keyHash, valueHash), keyHash, valueHash, key, value };
}

/** Builds an internal node; callers guarantee it is canonical (not empty, not a lone leaf). */
export function makeInternal(left: Uint8Array, right: Uint8Array): InternalNode {
  return { kind: 'internal', hash: internalHash(left, right), left, right };
}

const leafHeadBytes = 1 + 2 * nodeHashBytes + 2;

/** Length of a node's storage encoding. */
export function encodedNodeBytes(node: TreeNode): number {
  return node.kind === 'internal'
    ? 1 + 2 * nodeHashBytes
    : leafHeadBytes + node.key.length + node.value.length;
}

/** Storage bytes of a node: internal `01 left right`; leaf `02 keyHash valueHash u16 keyLen key value`. */
export function encodeNode(node: TreeNode): Uint8Array {
  const out = new Uint8Array(encodedNodeBytes(node));
  encodeNodeInto(node, out);
  return out;
}

/** Writes a node's encoding into `out` (exactly encodedNodeBytes long, e.g. a slab slice). */
export function encodeNodeInto(node: TreeNode, out: Uint8Array): void {
  assert(out.length === encodedNodeBytes(node), 'encoding buffer has the node length');
  if (node.kind === 'internal') {
    out[0] = internalCode;
    out.set(node.left, 1);
    out.set(node.right, 1 + nodeHashBytes);
    return;
  }
  const head = leafHeadBytes;
  out[0] = leafCode;
  out.set(node.keyHash, 1);
  out.set(node.valueHash, 1 + nodeHashBytes);
  out[head - 2] = node.key.length >> 8;
  out[head - 1] = node.key.length & 0xff;
  out.set(node.key, head);
  out.set(node.value, head + node.key.length);
}

/** Parses stored node bytes; the store wrote them, so a malformed node is corruption. */
export function decodeNode(hash: Uint8Array, bytes: Uint8Array): TreeNode {
  const h = nodeHashBytes;
  if (bytes[0] === internalCode) {
    assert(bytes.length === 1 + 2 * h, 'internal node has 65 bytes');
    return { kind: 'internal', hash, left: bytes.subarray(1, 1 + h), right: bytes.subarray(1 + h) };
  }
  assert(bytes[0] === leafCode && bytes.length >= 1 + 2 * h + 2, 'stored node has a known code');
  const head = 1 + 2 * h + 2;
  const keyLength = ((bytes[head - 2] ?? 0) << 8) | (bytes[head - 1] ?? 0);
  assert(keyLength <= stateKeyBytesMax && head + keyLength <= bytes.length, 'leaf key fits');
  return {
    kind: 'leaf',
    hash,
    keyHash: bytes.subarray(1, 1 + h),
    valueHash: bytes.subarray(1 + h, 1 + 2 * h),
    key: bytes.subarray(head, head + keyLength),
    value: bytes.subarray(head + keyLength),
  };
}

// One commit's changes applied to the tree as a single batched update. Changes are sorted by key
// hash, so every subtree owns a contiguous slice of them; the recursion splits the slice at the
// first key whose next bit is 1, visits only subtrees that have changes, and hashes each new node
// exactly once per commit, however many keys below it changed.
import { assert, compareBytes, equalBytes } from '../lib/index.ts';
import { proofDepthMax } from './limits.ts';
import {
  bitAt,
  emptyHash,
  isEmptyHash,
  makeInternal,
  makeLeaf,
  type InternalNode,
  type LeafHead,
  type TreeNode,
} from './node.ts';

/** One key's change; `value: undefined` deletes it. */
export interface Change {
  readonly keyHash: Uint8Array;
  readonly key: Uint8Array;
  readonly value: Uint8Array | undefined;
}

/**
 * What the update needs from the store: node reads (a leaf's key and value are not needed), and a
 * sink for every node it creates.
 */
export interface UpdateContext {
  load(hash: Uint8Array): InternalNode | LeafHead;
  readonly created: TreeNode[];
  /** Hashes of loaded nodes the new version no longer has (the node cache evicts them first). */
  readonly replaced: Uint8Array[];
}

// A subtree result: a node, or undefined for the empty subtree.
type Subtree = InternalNode | LeafHead | undefined;

// A key that ends up in a rebuilt subtree: either a new value (`put`), or an untouched existing
// leaf, which keeps its hash and storage record.
interface Entry {
  readonly keyHash: Uint8Array;
  readonly put: Change | undefined;
  readonly existing: LeafHead | undefined;
}

/**
 * Applies `changes` (sorted by key hash, no duplicates) to the tree rooted at `root` and returns
 * the new root hash; new nodes are appended to `ctx.created`.
 */
export function applyChanges(
  ctx: UpdateContext,
  root: Uint8Array,
  changes: readonly Change[],
): Uint8Array {
  if (changes.length === 0) return root;
  const result = update(ctx, root, 0, changes, 0, changes.length);
  return result === undefined ? emptyHash : result.hash;
}

// First index in [lo, hi) whose key hash has bit `depth` set; the slice is sorted, so the keys
// with a 0 bit come first.
function splitIndex(
  items: readonly { readonly keyHash: Uint8Array }[],
  depth: number,
  lo: number,
  hi: number,
): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = (a + b) >>> 1;
    const item = items[mid];
    assert(item !== undefined, 'split index in range');
    if (bitAt(item.keyHash, depth) === 0) a = mid + 1;
    else b = mid;
  }
  return a;
}

function update(
  ctx: UpdateContext,
  hash: Uint8Array,
  depth: number,
  changes: readonly Change[],
  lo: number,
  hi: number,
): Subtree {
  assert(depth <= proofDepthMax, 'tree depth stays within 256 bits');
  if (isEmptyHash(hash)) return build(ctx, entriesOf(changes, lo, hi, undefined), depth);
  const node = ctx.load(hash);
  if (node.kind === 'leaf') {
    const entries = entriesOf(changes, lo, hi, node);
    if (!entries.some((e) => e.existing === node)) ctx.replaced.push(node.hash);
    return build(ctx, entries, depth);
  }

  const mid = splitIndex(changes, depth, lo, hi);
  const left: Subtree | Uint8Array =
    mid > lo ? update(ctx, node.left, depth + 1, changes, lo, mid) : node.left;
  const right: Subtree | Uint8Array =
    hi > mid ? update(ctx, node.right, depth + 1, changes, mid, hi) : node.right;
  const leftHash = left instanceof Uint8Array ? left : (left?.hash ?? emptyHash);
  const rightHash = right instanceof Uint8Array ? right : (right?.hash ?? emptyHash);
  if (equalBytes(leftHash, node.left) && equalBytes(rightHash, node.right)) return node;
  ctx.replaced.push(node.hash);
  return join(ctx, resolve(left), resolve(right));
}

// An untouched child is known only by hash; its kind matters only when its sibling became empty
// (a lone leaf moves up), so it is loaded only then.
function resolve(child: Subtree | Uint8Array): Subtree | Uint8Array {
  if (!(child instanceof Uint8Array)) return child;
  return isEmptyHash(child) ? undefined : child;
}

function join(
  ctx: UpdateContext,
  left: Subtree | Uint8Array,
  right: Subtree | Uint8Array,
): Subtree {
  if (left === undefined && right === undefined) return undefined;
  // Path compression: a leaf with an empty sibling moves up to its parent's place.
  if (left === undefined && right !== undefined) {
    const r = right instanceof Uint8Array ? ctx.load(right) : right;
    if (r.kind === 'leaf') return r;
  }
  if (right === undefined && left !== undefined) {
    const l = left instanceof Uint8Array ? ctx.load(left) : left;
    if (l.kind === 'leaf') return l;
  }
  const leftHash = left === undefined ? emptyHash : left instanceof Uint8Array ? left : left.hash;
  const rightHash =
    right === undefined ? emptyHash : right instanceof Uint8Array ? right : right.hash;
  const node = makeInternal(leftHash, rightHash);
  ctx.created.push(node);
  return node;
}

// The keys of a rebuilt subtree: the puts among the changes, plus the existing leaf unless a
// change overrides or deletes it; sorted by key hash.
function entriesOf(
  changes: readonly Change[],
  lo: number,
  hi: number,
  existing: LeafHead | undefined,
): Entry[] {
  const out: Entry[] = [];
  let pending = existing;
  for (let i = lo; i < hi; i++) {
    const c = changes[i];
    assert(c !== undefined, 'change index in range');
    if (pending !== undefined) {
      const order = compareBytes(pending.keyHash, c.keyHash);
      if (order === 0) pending = undefined;
      else if (order < 0) {
        out.push({ keyHash: pending.keyHash, put: undefined, existing: pending });
        pending = undefined;
      }
    }
    if (c.value !== undefined) {
      out.push({ keyHash: c.keyHash, put: c, existing: undefined });
    }
  }
  if (pending !== undefined)
    out.push({ keyHash: pending.keyHash, put: undefined, existing: pending });
  return out;
}

// Builds the canonical subtree holding exactly `entries` below `depth`.
function build(ctx: UpdateContext, entries: readonly Entry[], depth: number): Subtree {
  return buildRange(ctx, entries, depth, 0, entries.length);
}

function buildRange(
  ctx: UpdateContext,
  entries: readonly Entry[],
  depth: number,
  lo: number,
  hi: number,
): Subtree {
  if (hi === lo) return undefined;
  if (hi - lo === 1) {
    const e = entries[lo];
    assert(e !== undefined, 'entry index in range');
    if (e.existing !== undefined) return e.existing;
    assert(e.put?.value !== undefined, 'a new entry is a put');
    const leaf = makeLeaf(e.put.key, e.keyHash, e.put.value);
    ctx.created.push(leaf);
    return leaf;
  }
  // Two distinct 256-bit hashes differ in some bit, so this holds unless sha256 collides.
  assert(depth < proofDepthMax, 'distinct key hashes split before depth 256');
  const mid = splitIndex(entries, depth, lo, hi);
  return join(
    ctx,
    buildRange(ctx, entries, depth + 1, lo, mid),
    buildRange(ctx, entries, depth + 1, mid, hi),
  );
}

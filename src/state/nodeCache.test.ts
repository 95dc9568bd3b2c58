import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sha256 } from '../crypto/index.ts';
import { makeInternal, makeLeaf, type TreeNode } from './node.ts';
import { createNodeCache } from './nodeCache.ts';

const nodeOf = (i: number): TreeNode => {
  const h = sha256(Uint8Array.of(i & 0xff, i >> 8));
  return makeInternal(h, h);
};

test('the cache never holds more than its bound and keeps recently used nodes', () => {
  const cache = createNodeCache(100);
  assert.equal(cache.capacity, 64);
  const hot = nodeOf(100_000);
  cache.set(hot);
  for (let i = 0; i < 1000; i++) {
    const n = nodeOf(i);
    cache.set(n);
    assert.ok(cache.size <= 100);
    assert.deepEqual(cache.get(hot.hash), hot, `hot node kept at step ${i}`);
  }
  assert.equal(cache.get(nodeOf(0).hash), undefined);
  const last = nodeOf(999);
  assert.deepEqual(cache.get(last.hash.slice()), last);
});

test('a cached leaf keeps its hashes, and returned nodes are copies', () => {
  const cache = createNodeCache(4);
  const key = Uint8Array.of(1, 2);
  const leaf = makeLeaf(key, sha256(key), Uint8Array.of(3));
  cache.set(leaf);
  const got = cache.get(leaf.hash);
  assert.deepEqual(got, {
    kind: 'leaf',
    hash: leaf.hash,
    keyHash: leaf.keyHash,
    valueHash: leaf.valueHash,
  });
  got.hash.fill(0);
  assert.ok(cache.get(leaf.hash) !== undefined);
  for (let i = 0; i < 10; i++) cache.set(nodeOf(i));
  assert.ok(cache.size <= 4);
});

test('the table grows while under its bound and keeps what it held', () => {
  const cache = createNodeCache(1 << 16);
  const nodes = Array.from({ length: 20_000 }, (_, i) => nodeOf(i));
  for (const n of nodes) cache.set(n);
  const held = nodes.filter((n) => cache.get(n.hash) !== undefined).length;
  assert.equal(held, cache.size);
  assert.ok(held > 18_000, `held ${held}`);
  assert.ok(cache.size > 4096, 'grew past its first 4,096 slots');
  assert.deepEqual(cache.get(nodes[0]!.hash), nodes[0]);
});

test('a demoted node is the first to go, and replaced nodes do not grow the table', () => {
  const cache = createNodeCache(1 << 16);
  for (let round = 0; round < 50; round++) {
    const nodes = Array.from({ length: 1000 }, (_, i) => nodeOf(round * 1000 + i));
    for (const n of nodes) cache.set(n);
    // The next round replaces this one, as a commit replaces the nodes on its paths.
    for (const n of nodes) cache.demote(n.hash);
  }
  assert.ok(cache.size <= 4096, `size ${cache.size}`);
});

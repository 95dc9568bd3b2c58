import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sha256 } from '../crypto/index.ts';
import { makeInternal, type TreeNode } from './node.ts';
import { createNodeCache, nodeId } from './nodeCache.ts';

const nodeOf = (i: number): TreeNode => {
  const h = sha256(Uint8Array.of(i & 0xff, i >> 8));
  return makeInternal(h, h);
};

test('the cache never holds more than its bound and keeps recently used nodes', () => {
  const cache = createNodeCache(100);
  const hot = nodeOf(100_000);
  cache.set(nodeId(hot.hash), hot);
  for (let i = 0; i < 1000; i++) {
    const n = nodeOf(i);
    cache.set(nodeId(n.hash), n);
    assert.ok(cache.size <= 100);
    assert.equal(cache.get(nodeId(hot.hash)), hot, `hot node kept at step ${i}`);
  }
  assert.equal(cache.get(nodeId(nodeOf(0).hash)), undefined);
  const last = nodeOf(999);
  assert.deepEqual(cache.get(nodeId(last.hash)), last);
});

test('node ids are distinct per hash and 32 characters long', () => {
  const a = nodeId(nodeOf(1).hash);
  assert.equal(a.length, 32);
  assert.notEqual(a, nodeId(nodeOf(2).hash));
  assert.equal(a, nodeId(nodeOf(1).hash.slice()));
});

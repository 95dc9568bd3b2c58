import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sha256, taggedHash } from '../crypto/index.ts';
import { concatBytes } from '../lib/index.ts';
import {
  bitAt,
  decodeNode,
  encodeNode,
  internalHash,
  internalHashTag,
  leafHash,
  leafHashTag,
  makeInternal,
  makeLeaf,
} from './node.ts';

test('leaf and internal hashes use distinct tags over the same bytes', () => {
  const a = sha256(Uint8Array.of(1));
  const b = sha256(Uint8Array.of(2));
  assert.deepEqual(leafHash(a, b), taggedHash(leafHashTag, concatBytes(a, b)));
  assert.deepEqual(internalHash(a, b), taggedHash(internalHashTag, concatBytes(a, b)));
  assert.notDeepEqual(leafHash(a, b), internalHash(a, b));
});

test('bitAt reads bits most significant first', () => {
  const h = Uint8Array.of(0b1000_0001, 0b0100_0000);
  assert.deepEqual(
    Array.from({ length: 10 }, (_, i) => bitAt(h, i)),
    [1, 0, 0, 0, 0, 0, 0, 1, 0, 1],
  );
});

test('nodes round-trip through their storage encoding', () => {
  const key = Uint8Array.of(9, 8, 7);
  const leaf = makeLeaf(key, sha256(key), Uint8Array.of(1, 2, 3, 4));
  const decodedLeaf = decodeNode(leaf.hash, encodeNode(leaf));
  assert.deepEqual({ ...decodedLeaf }, { ...leaf });
  const node = makeInternal(leaf.hash, sha256(Uint8Array.of(5)));
  const encoded = encodeNode(node);
  assert.equal(encoded.length, 65);
  assert.deepEqual({ ...decodeNode(node.hash, encoded) }, { ...node });
});

test('a leaf with an empty key and empty value encodes', () => {
  const empty = new Uint8Array(0);
  const leaf = makeLeaf(empty, sha256(empty), empty);
  const decoded = decodeNode(leaf.hash, encodeNode(leaf));
  assert.ok(decoded.kind === 'leaf');
  assert.equal(decoded.key.length + decoded.value.length, 0);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryKvStore } from './memoryKvStore.ts';

const k = (...b: number[]): Uint8Array => Uint8Array.from(b);

test('writeBatch puts and deletes; get sees the result', async () => {
  const kv = createMemoryKvStore();
  await kv.writeBatch([
    { key: k(1), value: k(10) },
    { key: k(2), value: k(20) },
  ]);
  await kv.writeBatch([{ key: k(1), value: undefined }]);
  assert.equal(kv.get(k(1)), undefined);
  assert.deepEqual(kv.get(k(2)), k(20));
});

test('stored values are copies of the caller buffers', async () => {
  const kv = createMemoryKvStore();
  const value = k(1, 2);
  await kv.writeBatch([{ key: k(0), value }]);
  value[0] = 99;
  assert.deepEqual(kv.get(k(0)), k(1, 2));
});

test('range lists keys in byte order, bounded, forward and reverse', async () => {
  const kv = createMemoryKvStore();
  const keys = [k(0xff), k(1), k(1, 0), k(0x80), k(2), k(0)];
  await kv.writeBatch(keys.map((key) => ({ key, value: key })));
  const all = await kv.range({ gte: k(0), lt: k(0xff, 0), limit: 100 });
  assert.deepEqual(
    all.map(([key]) => Array.from(key)),
    [[0], [1], [1, 0], [2], [0x80], [0xff]],
  );
  const some = await kv.range({ gte: k(1), lt: k(0x80), limit: 2 });
  assert.deepEqual(
    some.map(([key]) => Array.from(key)),
    [[1], [1, 0]],
  );
  const back = await kv.range({ gte: k(1), lt: k(0x80), limit: 2, reverse: true });
  assert.deepEqual(
    back.map(([key]) => Array.from(key)),
    [[2], [1, 0]],
  );
  await kv.writeBatch([{ key: k(1, 0), value: undefined }]);
  const after = await kv.range({ gte: k(1), lt: k(2), limit: 10 });
  assert.deepEqual(
    after.map(([key]) => Array.from(key)),
    [[1]],
  );
});

test('many values across arena chunks read back intact, and overwrites win', async () => {
  const kv = createMemoryKvStore();
  const value = (i: number): Uint8Array => new Uint8Array(60_000 + (i % 7)).fill(i & 0xff);
  for (let b = 0; b < 4; b++) {
    await kv.writeBatch(
      Array.from({ length: 50 }, (_, j) => ({ key: k(b, j), value: value(b * 50 + j) })),
    );
  }
  await kv.writeBatch([{ key: k(0, 0), value: k(7) }]);
  assert.deepEqual(kv.get(k(0, 0)), k(7));
  for (let i = 1; i < 200; i++) assert.deepEqual(kv.get(k(Math.floor(i / 50), i % 50)), value(i));
  assert.deepEqual(kv.get(new Uint8Array(0)), undefined);
});

// The LevelDB adapter on a real disk: atomic batches, synchronous reads, ranges, and persistence
// across close and reopen.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { toHex, utf8 } from '../../lib/index.ts';
import { openLevelStore } from './levelStore.ts';

test('batches are durable, readable synchronously, ranged in byte order, and survive reopen', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'polity-level-'));
  try {
    const kv = await openLevelStore(dir);
    await kv.writeBatch([
      { key: utf8('a/2'), value: utf8('two') },
      { key: utf8('a/1'), value: utf8('one') },
      { key: utf8('b/1'), value: utf8('other') },
      { key: utf8('a/3'), value: utf8('three') },
      { key: utf8('a/3'), value: undefined },
    ]);
    assert.equal(toHex(kv.get(utf8('a/1'))!), toHex(utf8('one')));
    assert.equal(kv.get(utf8('a/3')), undefined);
    const rows = await kv.range({ gte: utf8('a/'), lt: utf8('a0'), limit: 10 });
    assert.deepEqual(
      rows.map(([k]) => Buffer.from(k).toString()),
      ['a/1', 'a/2'],
    );
    const reversed = await kv.range({ gte: utf8('a/'), lt: utf8('a0'), limit: 1, reverse: true });
    assert.deepEqual(
      reversed.map(([k]) => Buffer.from(k).toString()),
      ['a/2'],
    );
    await kv.close();
    const again = await openLevelStore(dir);
    assert.equal(Buffer.from(again.get(utf8('a/2'))!).toString(), 'two');
    await again.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a second opener of the same directory gets a clear error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'polity-level-'));
  try {
    const kv = await openLevelStore(dir);
    await assert.rejects(
      openLevelStore(dir),
      (e: unknown) => e instanceof Error && 'code' in e && e.code === 'store_unavailable',
    );
    await kv.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

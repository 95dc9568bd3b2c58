import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPolityError } from '../lib/index.ts';
import { mempoolErrors } from './errors.ts';
import { createMempool, type PoolEntry } from './mempool.ts';

function entry(sender: string, nonce: number, size = 100): PoolEntry {
  return {
    tx: { body: { nonce } },
    raw: new Uint8Array(size),
    hash: new Uint8Array(32),
    hashHex: `${sender}-${nonce}`,
    senderHex: sender,
    spend: 10n,
  };
}

test('bounded by count and by bytes with mempool_full', () => {
  const byCount = createMempool({ txsMax: 2, bytesMax: 10_000 });
  byCount.add(entry('a', 0));
  byCount.add(entry('a', 1));
  assert.throws(
    () => {
      byCount.add(entry('b', 0));
    },
    (e: unknown) => isPolityError(e, mempoolErrors.mempool_full),
  );
  const byBytes = createMempool({ txsMax: 100, bytesMax: 250 });
  byBytes.add(entry('a', 0));
  byBytes.add(entry('a', 1));
  assert.throws(
    () => {
      byBytes.add(entry('a', 2));
    },
    (e: unknown) => isPolityError(e, mempoolErrors.mempool_full),
  );
  assert.equal(byBytes.bytes, 200);
});

test('reap keeps each sender contiguous and in nonce order; queue totals follow removals', () => {
  const pool = createMempool({ txsMax: 100, bytesMax: 100_000 });
  pool.add(entry('a', 0));
  pool.add(entry('b', 0));
  pool.add(entry('a', 1));
  pool.add(entry('b', 1));
  assert.deepEqual(
    pool.reap(10, 10_000).map((e) => e.hashHex),
    ['a-0', 'a-1', 'b-0', 'b-1'],
  );
  assert.deepEqual(
    pool.reap(3, 10_000).map((e) => e.hashHex),
    ['a-0', 'a-1', 'b-0'],
  );
  assert.deepEqual(pool.queueOf('a'), { count: 2, reserved: 20n });
  pool.remove(['a-0']);
  assert.deepEqual(pool.queueOf('a'), { count: 1, reserved: 10n });
  pool.remove(['a-1', 'missing']);
  assert.deepEqual(pool.queueOf('a'), { count: 0, reserved: 0n });
  assert.equal(pool.size, 2);
  assert.equal(pool.bytes, 200);
});

test('pruneStale drops only the sender entries below the next nonce, and frees what they held', () => {
  const pool = createMempool({ txsMax: 100, bytesMax: 100_000 });
  for (const nonce of [3, 4, 5]) pool.add(entry('a', nonce));
  pool.add(entry('b', 0));
  assert.equal(pool.pruneStale('a', 5), 2);
  assert.deepEqual(pool.queueOf('a'), { count: 1, reserved: 10n });
  assert.equal(pool.pruneStale('a', 5), 0);
  assert.equal(pool.pruneStale('nobody', 9), 0);
  assert.deepEqual(
    pool.reap(10, 10_000).map((e) => e.hashHex),
    ['a-5', 'b-0'],
  );
  assert.equal(pool.bytes, 200);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTxForwarder, type TxForwarderOptions } from './txForwarder.ts';

function setup(overrides: Partial<TxForwarderOptions> = {}) {
  const sent: { peer: string; raws: number[] }[] = [];
  const pending = new Set<string>();
  const forwarder = createTxForwarder({
    p2p: {
      peers: () =>
        ['a', 'b', 'c'].map((peerId) => ({ peerId, address: undefined, score: 0, dropped: 0 })),
      sendTo(peer, _channel, data) {
        sent.push({ peer, raws: [...data] });
        return true;
      },
    },
    channel: 'txs',
    // One byte per transaction is enough to see which went where.
    encodeBatch: (raws) => Uint8Array.from(raws.map((r) => r[0] ?? 0)),
    batchMax: 2,
    isPending: (hashHex) => pending.has(hashHex),
    delayMs: 1000,
    entriesMax: 3,
    ...overrides,
  });
  const later = performance.now() + 10_000;
  return { sent, pending, forwarder, later };
}

test('a transaction from a peer is forwarded after the delay to the peers that lack it', () => {
  const { sent, pending, forwarder, later } = setup();
  pending.add('01');
  forwarder.received('a', Uint8Array.of(1), '01', true);
  forwarder.received('b', Uint8Array.of(1), '01', false); // b sent it too: it has it
  forwarder.flush(performance.now());
  assert.deepEqual(sent, [], 'nothing before the delay');
  forwarder.flush(later);
  assert.deepEqual(sent, [{ peer: 'c', raws: [1] }]);
  assert.equal(forwarder.size(), 0);
});

test('a transaction no longer pending (committed) is not forwarded', () => {
  const { sent, forwarder, later } = setup();
  forwarder.received('a', Uint8Array.of(1), '01', true);
  forwarder.flush(later);
  assert.deepEqual(sent, []);
  assert.equal(forwarder.size(), 0);
});

test('only what this node admitted from a peer is forwarded, in batches, within the bound', () => {
  const { sent, pending, forwarder, later } = setup();
  for (const h of ['01', '02', '03', '04', '05']) pending.add(h);
  forwarder.received('a', Uint8Array.of(5), '05', false); // already known here: not forwarded
  forwarder.received('a', Uint8Array.of(1), '01', true);
  forwarder.received('a', Uint8Array.of(2), '02', true);
  forwarder.received('a', Uint8Array.of(3), '03', true);
  forwarder.received('a', Uint8Array.of(4), '04', true); // beyond entriesMax: dropped
  assert.equal(forwarder.size(), 3);
  forwarder.flush(later);
  assert.deepEqual(sent, [
    { peer: 'b', raws: [1, 2] },
    { peer: 'b', raws: [3] },
    { peer: 'c', raws: [1, 2] },
    { peer: 'c', raws: [3] },
  ]);
});

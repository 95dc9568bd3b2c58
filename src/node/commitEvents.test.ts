// Commit events and waiters: a block and its transactions are announced once committed, and a
// waiter gives up on the injected timers (a manual clock here: no real time passes).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createChainApp, inlineVerifier, type Genesis } from '../chain/index.ts';
import { addressOf } from '../crypto/index.ts';
import { toHex } from '../lib/index.ts';
import { createMemoryKvStore } from '../state/index.ts';
import { txHash } from '../execution/index.ts';
import type { CommittedTx, LedgerEvent } from '../api/index.ts';
import { signedTx, testAccount, testSigner } from '../../test/support/chain.ts';
import { createManualTimers } from '../../test/support/manualTimers.ts';
import { silentLogger } from '../../test/support/silentLogger.ts';
import { createCommitEvents } from './commitEvents.ts';
import { createSoloNode } from './soloNode.ts';

const alice = testAccount(1);
const bob = testAccount(2);
const validator = testSigner(0xee);
const genesis: Genesis = {
  chainId: 'test-chain',
  genesisTimeMs: 1_700_000_000_000,
  validators: [
    { address: addressOf(validator.publicKey), publicKey: validator.publicKey, power: 10 },
  ],
  accounts: [{ address: alice.address, balance: 1_000_000_000n }],
  params: { minGasPrice: 1n, blockTxsMax: 100 },
};

async function setUp() {
  const timers = createManualTimers(genesis.genesisTimeMs + 1000);
  const app = await createChainApp({
    kv: createMemoryKvStore(),
    genesis,
    mempool: { txsMax: 100, bytesMax: 1024 * 1024 },
    verifier: inlineVerifier,
    logger: silentLogger,
  });
  // Committed transactions by hash, recorded before the events are built so their listener sees
  // each block's transactions (a stand-in for the ledger's proved lookup: this test is about when).
  const committed = new Map<string, CommittedTx>();
  app.onCommitted((block) => {
    block.txHashes.forEach((hash, index) => {
      committed.set(toHex(hash), { hash, index, height: block.height } as CommittedTx);
    });
  });
  const events = createCommitEvents({
    app,
    timers,
    logger: silentLogger,
    committedTx: (hash) => committed.get(toHex(hash)),
  });
  const solo = createSoloNode({ app, validatorSigner: validator, timers, logger: silentLogger });
  return { app, events, solo, timers };
}

const transfer = (nonce: number): Uint8Array =>
  signedTx(alice, [{ type: 'transfer', to: bob.address, amount: 1n }], { nonce });

test('a waiter gives up when its timeout passes on the injected timers', async () => {
  const { app, events, timers } = await setUp();
  const raw = transfer(0);
  await app.submitTxs([raw]);
  let settled: CommittedTx | undefined | 'waiting' = 'waiting';
  const waiting = events.waitForTx(txHash(raw), 5_000).then((tx) => (settled = tx));
  await timers.advance(4_999);
  assert.equal(settled, 'waiting', 'still waiting just before the timeout');
  await timers.advance(1);
  await waiting;
  assert.equal(settled, undefined);
  assert.equal(timers.pending(), 0);
});

test('a waiter gets the transaction once its block commits, and its timer is cancelled', async () => {
  const { app, events, solo, timers } = await setUp();
  const raw = transfer(0);
  await app.submitTxs([raw]);
  const waiting = events.waitForTx(txHash(raw), 5_000);
  assert.equal(timers.pending(), 1);
  await solo.produceBlock();
  const tx = await waiting;
  assert.ok(tx);
  assert.deepEqual(tx.hash, txHash(raw));
  assert.equal(timers.pending(), 0, 'the timeout was cancelled');
  // Already committed: answered at once, with no timer.
  assert.ok(await events.waitForTx(txHash(raw), 5_000));
  assert.equal(timers.pending(), 0);
});

test('subscribers see a block event, then one tx event per transaction', async () => {
  const { app, events, solo } = await setUp();
  const seen: LedgerEvent[] = [];
  const unsubscribe = events.subscribe((e) => seen.push(e));
  await app.submitTxs([transfer(0), transfer(1)]);
  await solo.produceBlock();
  assert.deepEqual(
    seen.map((e) => [e.type, e.height]),
    [
      ['block', 1],
      ['tx', 1],
      ['tx', 1],
    ],
  );
  unsubscribe();
  await app.submitTxs([transfer(2)]);
  await solo.produceBlock();
  assert.equal(seen.length, 3, 'no events after unsubscribing');
});

test('closing releases every waiter and leaves no timer to hold the process open', async () => {
  const { app, events, timers } = await setUp();
  const raw = transfer(0);
  await app.submitTxs([raw]);
  const waiting = events.waitForTx(txHash(raw), 10_000);
  assert.equal(timers.pending(), 1);
  events.close();
  assert.equal(await waiting, undefined);
  assert.equal(timers.pending(), 0, 'the timeout was cancelled');
  // A waiter asked for after closing is answered at once.
  assert.equal(await events.waitForTx(txHash(raw), 10_000), undefined);
  assert.equal(timers.pending(), 0);
});

// The solo node over the chain application, on a manual clock: it needs the validator's key, makes
// a block only when one is due and at most once per interval, and stops after the block in progress.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createChainApp, inlineVerifier, medianTimeMs, type Genesis } from '../chain/index.ts';
import { addressOf } from '../crypto/index.ts';
import { isPolityError } from '../lib/index.ts';
import { createMemoryKvStore } from '../state/index.ts';
import { verifyCommit } from '../types/index.ts';
import { signedTx, testAccount, testSigner } from '../../test/support/chain.ts';
import { createManualTimers } from '../../test/support/manualTimers.ts';
import { silentLogger } from '../../test/support/silentLogger.ts';
import { createSoloNode, startSoloNode } from './soloNode.ts';

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
const intervalMs = 1_000;

const openApp = () =>
  createChainApp({
    kv: createMemoryKvStore(),
    genesis,
    mempool: { txsMax: 100, bytesMax: 1024 * 1024 },
    verifier: inlineVerifier,
    logger: silentLogger,
  });

const transfer = (nonce: number): Uint8Array =>
  signedTx(alice, [{ type: 'transfer', to: bob.address, amount: 1n }], { nonce });

test('a key that is not the validator is refused with not_the_validator', async () => {
  const app = await openApp();
  const timers = createManualTimers(genesis.genesisTimeMs);
  assert.throws(
    () => createSoloNode({ app, validatorSigner: testSigner(0x01), timers, logger: silentLogger }),
    (e: unknown) => isPolityError(e, 'not_the_validator'),
  );
});

test('the first block is made at start; later ones when transactions wait, once per interval', async () => {
  const app = await openApp();
  const timers = createManualTimers(genesis.genesisTimeMs + 5_000);
  const solo = await startSoloNode({
    app,
    validatorSigner: validator,
    timers,
    logger: silentLogger,
    blockIntervalMs: intervalMs,
  });
  assert.equal(app.tip().height, 1, 'the first block carries the genesis state root');
  const first = app.commitAt(1);
  assert.ok(first && verifyCommit(genesis.chainId, first, genesis.validators).ok);

  await timers.advance(3 * intervalMs);
  assert.equal(app.tip().height, 1, 'no block while nothing waits');

  await app.submitTxs([transfer(0)]);
  await timers.advance(intervalMs - 1);
  assert.equal(app.tip().height, 1, 'not before the next tick');
  await timers.advance(1);
  assert.equal(app.tip().height, 2);
  assert.equal(app.tipHeader()?.timeMs, timers.nowMs(), 'the block has the clock time');

  await app.submitTxs([transfer(1)]);
  await solo.stop();
  await timers.advance(10 * intervalMs);
  assert.equal(app.tip().height, 2, 'no block after stop');
  assert.equal(timers.pending(), 0);
});

test('block times never go backwards, even when the clock does', async () => {
  const app = await openApp();
  // A clock behind the genesis time.
  const timers = createManualTimers(genesis.genesisTimeMs - 60_000);
  const solo = createSoloNode({ app, validatorSigner: validator, timers, logger: silentLogger });
  assert.equal(await solo.produceBlock(), undefined, 'nothing waits: no block');
  const block = await solo.produceBlock({ allowEmpty: true });
  assert.equal(block?.block.header.timeMs, genesis.genesisTimeMs, 'block 1: the genesis time');
  await app.submitTxs([transfer(0)]);
  // Two calls at once: the second waits for the first block, then finds nothing left to include.
  const [second, third] = await Promise.all([solo.produceBlock(), solo.produceBlock()]);
  assert.equal(second?.block.header.height, 2);
  assert.equal(second.block.header.timeMs, genesis.genesisTimeMs + 1);
  assert.equal(third, undefined);
});

test("a block's time is the median of its last commit: the one validator's vote, signed when the block is made", async () => {
  const app = await openApp();
  const timers = createManualTimers(genesis.genesisTimeMs + 5_000);
  const solo = createSoloNode({ app, validatorSigner: validator, timers, logger: silentLogger });
  await solo.produceBlock({ allowEmpty: true });
  // An hour idle, then a transaction: its block has the time it was made, not the time of the
  // commit before it, and every validator could recompute that time from the block alone.
  await timers.advance(3_600_000);
  await app.submitTxs([transfer(0)]);
  const second = await solo.produceBlock();
  assert.ok(second !== undefined);
  const { header, lastCommit } = second.block;
  assert.equal(header.timeMs, timers.nowMs());
  assert.ok(lastCommit !== undefined);
  assert.equal(medianTimeMs(lastCommit, genesis.validators), header.timeMs);
  assert.ok(verifyCommit(genesis.chainId, lastCommit, genesis.validators).ok);
  // Another node validates it: the header time rule holds.
  const other = await openApp();
  const first = app.blockBytesAt(1);
  assert.ok(first !== undefined);
  const v1 = await other.validateBlock(first);
  assert.ok(v1.ok);
  await other.commitBlock(v1.candidate, app.commitAt(1)!);
  const v2 = await other.validateBlock(app.blockBytesAt(2)!);
  assert.ok(v2.ok, v2.ok ? '' : v2.reason);
});

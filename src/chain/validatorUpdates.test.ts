// Validator-set changes: only the genesis validator admin may make them, a change made by block H
// signs blocks from H + 2 on, headers commit to the sets, and the sets survive a restart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryKvStore } from '../state/index.ts';
import { validatorSetHash, type Validator } from '../types/index.ts';
import { accountStateKey, decodeAccount, txHash, type Message } from '../execution/index.ts';
import { signedTx, testAccount, type TestAccount } from '../../test/support/chain.ts';
import {
  forceIntoPool,
  openTestApp,
  proposeAndCommit,
  testGenesis,
  testValidator,
  type TestValidator,
} from '../../test/support/chainApp.ts';
import type { ChainApp } from './index.ts';

const admin = testAccount(1);
const bob = testAccount(2);
const v1 = testValidator(0xc1, 10);
const v2 = testValidator(0xc2, 1);

const addresses = (set: readonly Validator[] | undefined): string[] =>
  (set ?? []).map((v) => Buffer.from(v.address).toString('hex'));

/**
 * Commits one block holding `messages` from `from` (next nonce) and returns its receipt. `force`
 * skips admission, as a Byzantine proposer would.
 */
async function commitUpdate(
  app: ChainApp,
  from: TestAccount,
  messages: readonly Message[],
  followers: readonly ChainApp[] = [],
  force = false,
) {
  const account = app.state.get(accountStateKey(from.address));
  const nonce = account === undefined ? 0 : decodeAccount(account).nonce;
  const raw = signedTx(from, messages, { nonce });
  if (force) {
    forceIntoPool(app, raw);
  } else {
    const [admitted] = await app.submitTxs([raw]);
    assert.ok(admitted?.accepted, admitted?.accepted === false ? admitted.error.message : '');
  }
  const { candidate, commit } = await proposeAndCommit(app, v1, [v1]);
  for (const f of followers) await f.commitBlock(candidate, commit);
  const at = app.store.txLocation(txHash(raw))!;
  return { height: at.height, receipt: app.store.loadBlock(at.height)!.receipts()[at.index]! };
}

const add = (v: TestValidator, power = v.validator.power): Message => ({
  type: 'validators.update',
  updates: [{ publicKey: v.validator.publicKey, power }],
});

test('a change by block H takes effect at H + 2, and headers commit to it', async () => {
  const genesis = testGenesis([v1], [admin, bob], admin.address);
  const kv = createMemoryKvStore();
  const app = await openTestApp(genesis, kv);
  const follower = await openTestApp(genesis);
  const first = await proposeAndCommit(app, v1, [v1]);
  await follower.commitBlock(first.candidate, first.commit);

  const { height, receipt } = await commitUpdate(app, admin, [add(v2)], [follower]);
  assert.equal(height, 2);
  assert.equal(receipt.status, 0, receipt.message);
  const both = addresses([v1.validator, v2.validator]);
  assert.deepEqual(addresses(app.validatorsAt(2)), addresses([v1.validator]));
  assert.deepEqual(addresses(app.validatorsAt(3)), addresses([v1.validator]));
  assert.deepEqual(addresses(app.validatorsAt(4)), both);
  assert.equal(app.validatorsAt(5), undefined, 'not known beyond tip + 2');
  const header2 = app.store.loadBlock(2)!.block.header;
  assert.deepEqual(header2.nextValidatorsHash, validatorSetHash([v1.validator]));

  const third = await proposeAndCommit(app, v1, [v1]);
  await follower.commitBlock(third.candidate, third.commit);
  const h3 = third.candidate.block.header;
  assert.deepEqual(h3.validatorsHash, validatorSetHash([v1.validator]));
  assert.deepEqual(h3.nextValidatorsHash, validatorSetHash([v1.validator, v2.validator]));
  // Block 4 is signed by the new set; v1 alone holds 10 of 11.
  const fourth = await proposeAndCommit(app, v2, [v1]);
  await follower.commitBlock(fourth.candidate, fourth.commit);
  assert.deepEqual(
    fourth.candidate.block.header.validatorsHash,
    validatorSetHash([v1.validator, v2.validator]),
  );
  assert.deepEqual(app.tip(), follower.tip());
  assert.deepEqual(addresses(follower.validatorsAt(4)), both);

  // Power changes in place; power 0 removes.
  await commitUpdate(app, admin, [add(v2, 3), add(v1, 0)], [follower]);
  assert.deepEqual(follower.validatorsAt(7), [{ ...v2.validator, power: 3 }]);
  assert.deepEqual(addresses(app.validatorsAt(6)), both);

  // The sets are durable: a restart finds every one of them.
  const reopened = await openTestApp(genesis, kv);
  for (let h = 1; h <= reopened.tip().height + 2; h++)
    assert.deepEqual(reopened.validatorsAt(h), app.validatorsAt(h), `height ${h}`);
});

/** The code admission refuses `messages` from `from` with (they are certain to fail). */
async function refusal(app: ChainApp, from: TestAccount, messages: readonly Message[]) {
  const account = app.state.get(accountStateKey(from.address));
  const nonce = account === undefined ? 0 : decodeAccount(account).nonce;
  const [result] = await app.submitTxs([signedTx(from, messages, { nonce })]);
  assert.equal(app.mempool.size, 0, 'nothing entered the pool');
  assert.ok(result !== undefined && !result.accepted, 'refused at admission');
  return result.error.code;
}

test('changes from anyone but the admin, or on a chain without one, are refused; forced in, they fail with a typed receipt', async () => {
  const withAdmin = await openTestApp(testGenesis([v1], [admin, bob], admin.address));
  await proposeAndCommit(withAdmin, v1, [v1]);
  assert.equal(await refusal(withAdmin, bob, [add(v2)]), 'validator_update_unauthorized');
  const byBob = await commitUpdate(withAdmin, bob, [add(v2)], [], true);
  assert.equal(byBob.receipt.status, 1);
  assert.equal(byBob.receipt.code, 'validator_update_unauthorized');
  assert.deepEqual(withAdmin.validatorsAt(withAdmin.tip().height + 2), [v1.validator]);

  const noAdmin = await openTestApp(testGenesis([v1], [admin, bob]));
  await proposeAndCommit(noAdmin, v1, [v1]);
  assert.equal(await refusal(noAdmin, admin, [add(v2)]), 'validator_update_unauthorized');
  const byAdmin = await commitUpdate(noAdmin, admin, [add(v2)], [], true);
  assert.equal(byAdmin.receipt.code, 'validator_update_unauthorized');
  assert.deepEqual(noAdmin.validatorsAt(noAdmin.tip().height + 2), [v1.validator]);
});

test('a change that would empty the set or remove a stranger is refused; forced in, it fails and changes nothing', async () => {
  const app = await openTestApp(testGenesis([v1], [admin], admin.address));
  await proposeAndCommit(app, v1, [v1]);
  assert.equal(await refusal(app, admin, [add(v1, 0)]), 'validator_set_empty');
  const empty = await commitUpdate(app, admin, [add(v1, 0)], [], true);
  assert.equal(empty.receipt.code, 'validator_set_empty');
  // A failing message reverts the whole transaction's changes, the added validator included.
  const both = [add(v2), add(testValidator(0xc9, 1), 0)];
  assert.equal(await refusal(app, admin, both), 'validator_unknown');
  const stranger = await commitUpdate(app, admin, both, [], true);
  assert.equal(stranger.receipt.code, 'validator_unknown');
  assert.deepEqual(app.validatorsAt(app.tip().height + 2), [v1.validator]);
});

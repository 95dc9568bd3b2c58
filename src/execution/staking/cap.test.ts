// The cap on one validator's share of the voting power: cut to a common level, integers only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addressOf } from '../../crypto/index.ts';
import { createMemoryKvStore, createMerkleStore } from '../../state/index.ts';
import { testSigner } from '../../../test/support/chain.ts';
import type { BlockHookContext } from '../module.ts';
import { createOverlay } from '../overlay.ts';
import { capPowers } from './cap.ts';
import { genesisStaking, setGovernedStakingParams } from './genesis.ts';
import { endBlockStaking } from './power.ts';
import { readStaking } from './store.ts';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

test('a validator with 70% of the stake gets no more than the cap share of the voting power', () => {
  const capped = capPowers([70, 10, 10, 10], 3333);
  assert.deepEqual(capped, [14, 10, 10, 10]);
  assert.ok(capped[0]! * 10_000 <= 3333 * sum(capped));
});

test('powers already under the cap are left alone; fewer validators than 1/cap count equally', () => {
  assert.deepEqual(capPowers([30, 30, 40, 0], 5000), [30, 30, 40, 0]);
  assert.deepEqual(capPowers([25, 25, 25, 25], 3333), [25, 25, 25, 25]);
  // Three validators cannot each hold at most 33.33%: all get the smallest power.
  assert.deepEqual(capPowers([70, 20, 10], 3333), [10, 10, 10]);
  assert.deepEqual(capPowers([5, 0, 9], 2000), [5, 0, 5]);
});

test('after capping, no validator exceeds the cap share; order and small validators are kept', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 1, max: 3333 }),
      (powers, capBps) => {
        const capped = capPowers(powers, capBps);
        assert.equal(capped.length, powers.length);
        const positive = powers.filter((p) => p > 0).length;
        const total = sum(capped);
        capped.forEach((p, i) => {
          assert.ok(p <= powers[i]!, 'never raised');
          assert.equal(p === 0, powers[i] === 0, 'zero only when it was zero');
          if (positive * capBps >= 10_000) assert.ok(p * 10_000 <= capBps * total);
        });
        // Cut to one level: every power that changed equals the largest capped power.
        const level = Math.max(...capped);
        capped.forEach((p, i) => {
          assert.ok(p === powers[i] || p === level || positive * capBps < 10_000);
        });
      },
    ),
  );
});

test('a new cap recomputes every validator at the end of the next block', () => {
  const state = createOverlay(createMerkleStore({ kv: createMemoryKvStore() }));
  const keys = [0x30, 0x31, 0x32, 0x33, 0x34].map((b) => testSigner(b).publicKey);
  const genesis = keys.map((publicKey, i) => ({
    address: addressOf(publicKey),
    publicKey,
    power: i === 0 ? 60 : 10,
  }));
  genesisStaking(state, genesis);
  const ctx = (validators: BlockHookContext['validators']): BlockHookContext => ({
    height: 2,
    timeMs: 1000,
    proposer: genesis[0]!.address,
    validators,
    marks: new Set(),
    misbehaviour: [],
    absent: [],
    upgrades: new Set(),
  });
  // Genesis leaves every power to compute: 60 of 100 is cut to 19 (19 of 59 ≤ 33.33%).
  const first = endBlockStaking(state, ctx(genesis));
  assert.deepEqual(
    first?.validatorUpdates?.map((u) => u.power),
    [19],
  );
  const set = genesis.map((v, i) => (i === 0 ? { ...v, power: 19 } : v));
  assert.equal(endBlockStaking(state, ctx(set)), undefined, 'nothing changed, nothing computed');
  setGovernedStakingParams(state, { unbondingPeriodMs: 1000, powerCapBps: 2000 });
  assert.equal(readStaking(state)?.powerStale, true);
  // 20% of 50: 10 (the level the others stand at).
  assert.deepEqual(
    endBlockStaking(state, ctx(set))?.validatorUpdates?.map((u) => u.power),
    [10],
  );
});

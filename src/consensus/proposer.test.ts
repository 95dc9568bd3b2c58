// Proposer selection: stake-proportional turns over a period, spread out, the same on every node,
// and a failed round hands the turn on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressOf, signerFromSecret } from '../crypto/index.ts';
import { toHex } from '../lib/index.ts';
import type { Validator } from '../types/index.ts';
import { proposerAt, proposerPeriodMax, proposerSchedule, scheduleWeights } from './proposer.ts';

function set(powers: readonly number[]): Validator[] {
  return powers.map((power, i) => {
    const s = signerFromSecret('ed25519', new Uint8Array(32).fill(i + 1));
    return { address: addressOf(s.publicKey), publicKey: s.publicKey, power };
  });
}

function counts(validators: readonly Validator[], height: number, slots: number): number[] {
  const index = new Map(validators.map((v, i) => [toHex(v.address), i]));
  const out = validators.map(() => 0);
  for (let i = 0; i < slots; i++) {
    const p = index.get(toHex(proposerAt(validators, height + i, 0).address)) ?? -1;
    out[p] = (out[p] ?? 0) + 1;
  }
  return out;
}

test('over a period each validator proposes in proportion to its power', () => {
  const validators = set([1, 2, 3, 4]);
  assert.deepEqual(counts(validators, 1, 10), [1, 2, 3, 4]);
  assert.deepEqual(counts(validators, 17, 30), [3, 6, 9, 12]); // any window of whole periods
});

test('powers are reduced by their gcd, so the period is as short as it can be', () => {
  assert.deepEqual(scheduleWeights(set([10, 20, 30])), [1, 2, 3]);
  assert.equal(proposerSchedule(set([10, 20, 30])).length, 6);
  assert.deepEqual(counts(set([10, 20, 30]), 5, 6), [1, 2, 3]);
});

test('large powers are scaled to the period bound, proportional to within one slot', () => {
  const powers = [1_000_003, 2_000_017, 7_000_001, 1];
  const weights = scheduleWeights(set(powers));
  const period = weights.reduce((a, b) => a + b, 0);
  assert.ok(period <= proposerPeriodMax);
  assert.ok(weights.every((w) => w >= 1)); // the smallest validator keeps a turn
  const total = powers.reduce((a, b) => a + b, 0);
  const got = counts(set(powers), 0, period);
  powers.forEach((p, i) => {
    assert.ok(Math.abs((got[i] ?? 0) - (p / total) * period) <= 1.5, `validator ${i}`);
  });
});

test('turns are spread out: gaps between turns stay within twice the fair share', () => {
  const powers = [5, 3, 1, 1];
  const validators = set(powers);
  const period = 10;
  validators.forEach((v, i) => {
    const turns: number[] = [];
    for (let slot = 0; slot < 3 * period; slot++)
      if (toHex(proposerAt(validators, slot, 0).address) === toHex(v.address)) turns.push(slot);
    const gaps = turns.slice(1).map((t, k) => t - (turns[k] ?? 0));
    assert.ok(Math.max(...gaps) <= Math.ceil((2 * period) / (powers[i] ?? 1)), `validator ${i}`);
  });
});

test('the schedule is deterministic: the same set gives the same proposer everywhere', () => {
  const a = set([5, 3, 9, 1]);
  const b = set([5, 3, 9, 1]); // a different array with the same content
  for (let h = 1; h < 40; h++) {
    for (let r = 0; r < 3; r++) {
      assert.deepEqual(proposerAt(a, h, r).address, proposerAt(b, h, r).address);
    }
  }
  assert.deepEqual(proposerSchedule(a), proposerSchedule(b));
});

test('a failed round hands the turn to the next slot: rotation across rounds of one height', () => {
  const validators = set([1, 1, 1, 1]);
  const seen = new Set<string>();
  for (let r = 0; r < 4; r++) seen.add(toHex(proposerAt(validators, 9, r).address));
  assert.equal(seen.size, 4); // four rounds, four different proposers
  // Round r at height h is the slot of round 0 at height h + r.
  assert.deepEqual(proposerAt(validators, 9, 3).address, proposerAt(validators, 12, 0).address);
});

test('a single validator always proposes', () => {
  const only = set([42]);
  for (let h = 1; h < 5; h++)
    assert.deepEqual(proposerAt(only, h, h * 3).address, only[0]!.address);
});

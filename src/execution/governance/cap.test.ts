// The per-entity cap bounds an entity's share of what is counted: the largest entities are cut to
// one level, the largest at which each of them is at most the cap share of the capped total.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  chamberCoalitions,
  chamberWeights,
  defaultGovernanceParams,
  eligibleWeight,
  entityCap,
  meets,
  nakamotoCoefficient,
  tallyChamber,
  type Choice,
  type KindPolicy,
  type Voter,
} from '../index.ts';

const voter = (id: string, weight: number | bigint, entity = id, delegate?: string): Voter => ({
  id,
  entity,
  weight: BigInt(weight),
  delegate,
});

const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);
const capped = (weights: readonly bigint[], level: bigint) =>
  weights.map((w) => (w > level ? level : w));

test("the issue's whale: 5,000 of 5,500 counts for exactly 20% of what is counted", () => {
  const roll = [voter('whale', 5000), ...[1, 2, 3, 4, 5].map((i) => voter(`o${i}`, 100))];
  const level = entityCap(roll, 2000);
  assert.equal(level, 125n);
  assert.equal(eligibleWeight(roll, level), 625n);
  const t = tallyChamber(roll, new Map<string, Choice>([['whale', 'yes']]), 2000);
  assert.equal(t.yes, 125n);
  assert.equal(t.eligible, 625n);
  // No longer one entity for a third, a half or two thirds.
  const c = chamberWeights(roll, 2000);
  assert.equal(nakamotoCoefficient(c, 1, 3), 2);
  assert.equal(nakamotoCoefficient(c, 1, 2), 3);
  assert.equal(nakamotoCoefficient(c, 2, 3), 4);
});

test('with fewer entities than 1/cap, every entity counts as much as the smallest', () => {
  // Four entities cannot each be at most 20%: the closest the rule gets is a quarter each.
  const roll = [voter('a', 5000), voter('b', 100), voter('c', 300), voter('d', 100)];
  assert.equal(entityCap(roll, 2000), 100n);
  assert.deepEqual(chamberWeights(roll, 2000).weights, [100n, 100n, 100n, 100n]);
});

test('an entity no larger than the cap share is not cut at all', () => {
  const roll = Array.from({ length: 6 }, (_, i) => voter(`e${i}`, 10 + i));
  assert.equal(entityCap(roll, 2000), 15n);
  assert.equal(eligibleWeight(roll, 15n), sum(roll.map((v) => v.weight)));
});

test('property: capped shares never exceed the cap, keep their order, and the level is the largest', () => {
  fc.assert(
    fc.property(
      fc.array(fc.bigInt({ min: 0n, max: 1_000_000_000n }), { minLength: 1, maxLength: 14 }),
      fc.integer({ min: 1, max: 10_000 }),
      (weights, capBps) => {
        const roll = weights.map((w, i) => voter(`v${i}`, w));
        const level = entityCap(roll, capBps);
        const after = capped(weights, level);
        const counted = sum(after);
        assert.equal(eligibleWeight(roll, level), counted);
        const entities = weights.filter((w) => w > 0n).length;
        // Order kept: a larger entity never counts for less than a smaller one.
        for (let i = 0; i < weights.length; i++)
          for (let j = 0; j < weights.length; j++)
            if (weights[i]! >= weights[j]!) assert.ok(after[i]! >= after[j]!);
        if (entities === 0) return;
        if (entities * capBps >= 10_000) {
          // Enough entities: nobody counts for more than the cap share of what is counted.
          for (const w of after)
            assert.ok(w * 10_000n <= BigInt(capBps) * counted, `${w} of ${counted} > ${capBps}`);
          // And the level is the highest that keeps that (one unit more breaks it for someone cut).
          const top = weights.reduce((a, b) => (a > b ? a : b));
          if (level < top) {
            const higher = level + 1n;
            assert.ok(higher * 10_000n > BigInt(capBps) * sum(capped(weights, higher)));
          }
        } else {
          // Too few entities: each counts as much as the smallest, the most even split possible.
          const smallest = weights.filter((w) => w > 0n).reduce((a, b) => (a < b ? a : b));
          assert.equal(level, smallest);
        }
      },
    ),
    { numRuns: 500 },
  );
});

/** The smallest subset of `weights` satisfying `ok(subsetSum)`, by trying every subset. */
function bruteForce(
  weights: readonly bigint[],
  ok: (s: bigint, count: number) => boolean,
): number | undefined {
  let best: number | undefined;
  for (let mask = 1; mask < 1 << weights.length; mask++) {
    let s = 0n;
    let count = 0;
    for (let i = 0; i < weights.length; i++) {
      if ((mask >> i) & 1) {
        s += weights[i]!;
        count++;
      }
    }
    if (ok(s, count) && (best === undefined || count < best)) best = count;
  }
  return best;
}

test('property: capped coalition figures match a brute force over every subset', () => {
  const params = defaultGovernanceParams();
  const policies: KindPolicy[] = [
    params.policies.parameter,
    params.policies.admission,
    params.policies.rules,
  ];
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 10 }),
      fc.integer({ min: 500, max: 10_000 }),
      fc.constantFrom(...policies),
      fc.integer({ min: 1, max: 10_000 }),
      (raw, capBps, policy, quorumBps) => {
        const roll = raw.map((w, i) => voter(`v${i}`, w));
        const level = entityCap(roll, capBps);
        const weights = capped(
          raw.map((w) => BigInt(w)),
          level,
        );
        const total = sum(weights);
        const c = chamberWeights(roll, capBps);
        assert.equal(c.eligible, total);
        for (const [num, den] of [
          [1, 3],
          [1, 2],
          [2, 3],
        ] as const)
          assert.equal(
            nakamotoCoefficient(c, num, den),
            bruteForce(weights, (s) => s * BigInt(den) > total * BigInt(num)),
          );
        const vetoes = (v: bigint) =>
          policy.vetoBps !== undefined && meets(v, total, { bps: policy.vetoBps, strict: false });
        const quorum = (x: bigint) => meets(x, total, { bps: quorumBps, strict: false });
        const got = chamberCoalitions(c, policy, quorumBps);
        assert.equal(
          got.pass,
          bruteForce(
            weights,
            (yes, n) =>
              n >= policy.yesEntitiesMin &&
              quorum(total) &&
              meets(yes, total, policy.approval) &&
              !vetoes(total - yes),
          ),
        );
        assert.equal(
          got.passIfOthersAbstain,
          bruteForce(weights, (yes, n) => n >= policy.yesEntitiesMin && quorum(yes)),
        );
        assert.equal(
          got.block,
          bruteForce(
            weights,
            (no, n) =>
              !meets(total - no, total, policy.approval) ||
              vetoes(no) ||
              c.weights.length - n < policy.yesEntitiesMin,
          ),
        );
      },
    ),
    { numRuns: 300 },
  );
});

// Capture metrics: the greedy coalition sizes equal the true minimum found by trying every subset,
// the cap shows in the figures, and chambers combine as the policy's rule says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  captureReport,
  chamberCoalitions,
  chamberWeights,
  effectivePolicy,
  meets,
  nakamotoCoefficient,
  type Voter,
  defaultGovernanceParams,
  type KindPolicy,
} from '../index.ts';

const voter = (id: string, weight: number, delegate?: string): Voter => ({
  id,
  entity: id,
  weight: BigInt(weight),
  delegate,
});
const params = defaultGovernanceParams();

/** The smallest subset of `weights` satisfying `ok(subsetSum, total)`, by trying every subset. */
function bruteForce(
  weights: readonly bigint[],
  ok: (sum: bigint, count: number) => boolean,
): number | undefined {
  let best: number | undefined;
  for (let mask = 1; mask < 1 << weights.length; mask++) {
    let sum = 0n;
    let count = 0;
    for (let i = 0; i < weights.length; i++) {
      if ((mask >> i) & 1) {
        sum += weights[i]!;
        count++;
      }
    }
    if (ok(sum, count) && (best === undefined || count < best)) best = count;
  }
  return best;
}

test('coalition sizes are the true minimum over every subset of entities', () => {
  const policies: KindPolicy[] = [
    params.policies.parameter,
    params.policies.upgrade,
    params.policies.irregular,
  ];
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 10 }),
      fc.constantFrom(...policies),
      fc.integer({ min: 1, max: 10_000 }),
      (raw, policy, quorumBps) => {
        const c = chamberWeights(
          raw.map((w, i) => voter(`v${i}`, w)),
          undefined,
        );
        const total = c.weights.reduce((a, b) => a + b, 0n);
        const vetoes = (v: bigint) =>
          policy.vetoBps !== undefined && meets(v, total, { bps: policy.vetoBps, strict: false });
        const quorum = (x: bigint) => meets(x, total, { bps: quorumBps, strict: false });
        const got = chamberCoalitions(c, policy, quorumBps);
        assert.equal(
          got.pass,
          bruteForce(
            c.weights,
            (yes, n) =>
              n >= policy.yesEntitiesMin &&
              quorum(total) &&
              meets(yes, total, policy.approval) &&
              !vetoes(total - yes),
          ),
        );
        assert.equal(
          got.passIfOthersAbstain,
          bruteForce(c.weights, (yes, n) => n >= policy.yesEntitiesMin && quorum(yes)),
        );
        assert.equal(
          got.block,
          bruteForce(
            c.weights,
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

test('the cap shows: a 40% holder alone is a Nakamoto coefficient of 1 uncapped, 2 capped', () => {
  const stake = [
    voter('whale', 40),
    voter('a', 15),
    voter('b', 15),
    voter('c', 15),
    voter('d', 15),
  ];
  assert.equal(nakamotoCoefficient(chamberWeights(stake, undefined), 1, 3), 1);
  assert.equal(nakamotoCoefficient(chamberWeights(stake, 2000), 1, 3), 2);
  const members = Array.from({ length: 10 }, (_, i) => voter(`m${i}`, 1));
  const seats = Array.from({ length: 5 }, (_, i) => voter(`s${i}`, 1));
  const quorums = { stake: 2000, members: 1000, maintainers: 5000 };
  const report = captureReport(params, { stake, members, maintainers: seats }, quorums, (k) =>
    effectivePolicy(params, k),
  );
  const stakeReport = report.chambers.find((c) => c.chamber === 'stake')!;
  assert.equal(stakeReport.nakamoto.third, 2);
  assert.equal(stakeReport.nakamotoThirdUncapped, 1);
  // Parameter changes: stake + members, >50% with a 33.4% veto, so passing against everyone else
  // takes more than two thirds of each chamber. Capped (whale 20, others 15, of 80): the whale and
  // two others (50) leave a 37.5% veto; the whale and three (65) pass. Members: 7 of 10.
  const parameter = report.kinds.find((k) => k.kind === 'parameter')!;
  assert.equal(parameter.pass, 4 + 7);
  // Uncapped the whale and two others hold 70%.
  assert.equal(parameter.uncapped.pass, 3 + 7);
  // Blocking takes one chamber: a veto of at least 33.4% — the whale and one more when capped
  // (35 of 80), the whale alone uncapped (40 of 100).
  assert.equal(parameter.block, 2);
  assert.equal(parameter.uncapped.block, 1);
  // A signal passes with any one chamber: 3 of the 5 seats.
  assert.equal(report.kinds.find((k) => k.kind === 'signal')!.pass, 3);
});

test('delegated weight counts for the delegate when nobody overrides it', () => {
  const roll = [voter('val', 1), voter('d1', 50, 'val'), voter('d2', 49)];
  const c = chamberWeights(roll, undefined);
  assert.deepEqual(c.weights, [51n, 49n]);
  assert.equal(nakamotoCoefficient(c, 1, 2), 1);
  // Three equal entities: none holds more than a third.
  assert.equal(
    nakamotoCoefficient(
      chamberWeights([voter('a', 1), voter('b', 1), voter('c', 1)], undefined),
      1,
      3,
    ),
    2,
  );
});

test('a chamber below its floor is reported, and protocol kinds are tightened for it', () => {
  const stake = [
    voter('whale', 40),
    voter('a', 15),
    voter('b', 15),
    voter('c', 15),
    voter('d', 15),
  ];
  const members = Array.from({ length: 10 }, (_, i) => voter(`m${i}`, 1));
  const quorums = { stake: 2000, members: 1000, maintainers: 5000 };
  const report = captureReport(params, { stake, members, maintainers: [] }, quorums, (k) =>
    effectivePolicy(params, k),
  );
  // Capped, the stake chamber needs two entities for a third: below the default floor of three.
  assert.equal(report.chambers.find((c) => c.chamber === 'stake')!.belowFloor, true);
  assert.equal(report.chambers.find((c) => c.chamber === 'members')!.belowFloor, false);
  // No maintainers yet: nobody can pass an upgrade at all.
  assert.equal(report.kinds.find((k) => k.kind === 'upgrade')!.pass, undefined);
  const tightened = effectivePolicy(params, 'upgrade', { belowFloor: true });
  assert.equal(tightened.approval.bps, params.policies.upgrade.approval.bps + 1000);
  assert.equal(tightened.votingPeriodMs, params.policies.upgrade.votingPeriodMs * 2);
  // Non-protocol kinds are left alone.
  assert.deepEqual(
    effectivePolicy(params, 'treasury', { belowFloor: true }),
    params.policies.treasury,
  );
});

test("the spec's sample distribution gives the figures of its capture table", () => {
  // docs/spec/governance.md, "Capture metrics": one organisation with 5,000 of 5,500 stake and one
  // of four members and four seats; quorums at their starting points.
  const stake = [voter('bigcorp', 5000), ...[1, 2, 3, 4, 5].map((i) => voter(`org${i}`, 100))];
  const people = ['bigcorp', 'm2', 'm3', 'm4'].map((id) => voter(id, 1));
  const quorums = { stake: 3500, members: 2500, maintainers: 5000 };
  const report = captureReport(
    params,
    { stake, members: people, maintainers: people },
    quorums,
    (k) => effectivePolicy(params, k),
  );
  assert.deepEqual(
    report.chambers.map((c) => [
      c.chamber,
      c.entities,
      c.nakamoto.third,
      c.nakamoto.half,
      c.nakamoto.twoThirds,
      c.nakamotoThirdUncapped,
    ]),
    [
      ['stake', 6, 2, 3, 4, 1],
      ['members', 4, 2, 3, 3, 2],
      ['maintainers', 4, 2, 3, 3, 2],
    ],
  );
  assert.deepEqual(
    report.kinds.map((k) => [k.kind, k.pass, k.passIfOthersAbstain, k.block, k.uncapped.pass]),
    [
      ['signal', 3, 3, 7, 3],
      ['parameter', 7, 6, 2, 6],
      ['treasury', 3, 3, 2, 3],
      ['admission', 7, 6, 2, 6],
      ['election', 3, 3, 2, 3],
      ['upgrade', 10, 9, 2, 9],
      ['irregular', 13, 9, 1, 11],
      ['emergency', 7, 6, 2, 6],
      ['rules', 13, 9, 1, 11],
    ],
  );
});

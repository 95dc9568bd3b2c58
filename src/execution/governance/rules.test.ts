// Policies keep their invariants whatever a vote asks for; quorum follows turnout within its
// clamps; elections seat the plurality and respect term limits.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  checkGovernanceParams,
  proposalKinds,
  electedSeats,
  electionTally,
  mayStand,
  nextCouncil,
  nextTurnoutAverage,
  quorumBps,
  type Voter,
  defaultGovernanceParams,
  emergencyExpiryMaxMs,
  type GovernanceParams,
  type KindPolicy,
  type ProposalKind,
} from '../index.ts';

const params = defaultGovernanceParams();

function withPolicy(kind: ProposalKind, change: Partial<KindPolicy>): GovernanceParams {
  return {
    ...params,
    policies: { ...params.policies, [kind]: { ...params.policies[kind], ...change } },
  };
}

function ruleBroken(p: GovernanceParams): string | undefined {
  const problem = checkGovernanceParams(p, { development: false });
  if (problem === undefined) return undefined;
  assert.equal(problem.code, 'governance_invariant');
  return problem.details?.['rule'] as string;
}

test('the defaults keep every invariant', () => {
  assert.equal(checkGovernanceParams(params, { development: false }), undefined);
});

test('no protocol change can be decided by one chamber', () => {
  for (const kind of [
    'parameter',
    'admission',
    'upgrade',
    'irregular',
    'emergency',
    'rules',
  ] as const) {
    assert.match(ruleBroken(withPolicy(kind, { chambers: ['stake'] }))!, /at least two chambers/);
    assert.match(ruleBroken(withPolicy(kind, { rule: 'any' }))!, /at least two chambers/);
  }
  assert.match(
    ruleBroken(withPolicy('upgrade', { chambers: ['stake', 'members'] }))!,
    /maintainers/,
  );
  assert.match(
    ruleBroken(withPolicy('rules', { chambers: ['stake', 'members'] }))!,
    /every chamber/,
  );
});

test('an exit window can never be shorter than the unbonding period for upgrades, irregular and rules changes', () => {
  for (const kind of ['upgrade', 'irregular', 'rules'] as const) {
    const rule = ruleBroken(withPolicy(kind, { exitWindowMs: params.unbondingPeriodMs - 1 }));
    assert.match(rule!, /cannot be shorter than the unbonding period/);
    assert.equal(
      ruleBroken(withPolicy(kind, { exitWindowMs: params.unbondingPeriodMs })),
      undefined,
    );
  }
  // Lengthening the unbonding period past an exit window breaks it too.
  assert.match(
    ruleBroken({ ...params, unbondingPeriodMs: params.policies.upgrade.exitWindowMs + 1 })!,
    /upgrade exit window/,
  );
});

test('an emergency action always expires, within seven days', () => {
  assert.match(
    ruleBroken(withPolicy('emergency', { expiryMs: emergencyExpiryMaxMs + 1 }))!,
    /7 days/,
  );
  assert.match(ruleBroken(withPolicy('emergency', { expiryMs: undefined }))!, /must expire/);
  assert.match(ruleBroken(withPolicy('signal', { expiryMs: 1000 }))!, /only emergency/);
});

test('thresholds stay above a simple majority and tightening cannot loosen', () => {
  assert.match(
    ruleBroken(withPolicy('treasury', { approval: { bps: 5000, strict: false } }))!,
    /more than 50%/,
  );
  assert.match(
    ruleBroken(withPolicy('treasury', { approval: { bps: 4000, strict: true } }))!,
    /more than 50%/,
  );
  assert.match(
    ruleBroken({ ...params, captureFloor: { ...params.captureFloor, votingPeriodFactor: 0 } })!,
    /shorten/,
  );
  assert.match(
    ruleBroken({ ...params, quorum: { ...params.quorum, stake: { minBps: 6000, maxBps: 5000 } } })!,
    /quorum clamps/,
  );
});

test('quorum moves with turnout and stays within its clamps', () => {
  const clamp = params.quorum.stake;
  let average = 5000;
  const start = quorumBps(clamp, average);
  for (let i = 0; i < 5; i++) average = nextTurnoutAverage(average, 1000);
  const afterLow = quorumBps(clamp, average);
  assert.ok(afterLow < start, `low turnout lowers quorum: ${afterLow} < ${start}`);
  for (let i = 0; i < 5; i++) average = nextTurnoutAverage(average, 9000);
  assert.ok(quorumBps(clamp, average) > afterLow, 'high turnout raises it again');
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 10_000 }),
      fc.integer({ min: 0, max: 10_000 }),
      fc.array(fc.integer({ min: -5000, max: 20_000 }), { maxLength: 50 }),
      (lo, width, turnouts) => {
        const c = { minBps: lo, maxBps: Math.min(10_000, lo + width) };
        let avg = 0;
        for (const t of turnouts) {
          avg = nextTurnoutAverage(avg, t);
          const q = quorumBps(c, avg);
          assert.ok(avg >= 0 && avg <= 10_000);
          assert.ok(q >= c.minBps && q <= c.maxBps, `${q} outside ${c.minBps}..${c.maxBps}`);
        }
      },
    ),
  );
});

const member = (id: string, delegate?: string): Voter => ({ id, entity: id, weight: 1n, delegate });

test('an election seats the candidates with most weight, ties to the lower id', () => {
  const roll = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => member(id));
  roll.push(member('g', 'a'));
  const ballots = new Map<string, string[]>([
    ['a', ['x', 'y']],
    ['b', ['y', 'z']],
    ['c', ['z']],
    ['d', ['w']],
    ['e', ['y', 'unknown']],
  ]);
  const counts = electionTally(roll, ballots, ['w', 'x', 'y', 'z'], 10_000);
  // g follows a: x 2, y 4, z 2, w 1.
  assert.deepEqual(Object.fromEntries(counts), { w: 1n, x: 2n, y: 4n, z: 2n });
  assert.deepEqual(electedSeats(counts, 3), ['y', 'x', 'z']);
  assert.deepEqual(electedSeats(new Map([['q', 0n]]), 3), [], 'nobody is seated without a vote');
});

test('a maintainer serves a bounded number of consecutive terms', () => {
  let council = nextCouncil([], ['x', 'y'], 0, 100);
  council = nextCouncil(council, ['x', 'z'], 100, 100);
  assert.deepEqual(
    council.map((s) => [s.holder, s.consecutiveTerms, s.termEndMs]),
    [
      ['x', 2, 200],
      ['z', 1, 200],
    ],
  );
  assert.equal(mayStand('x', council, 2), false);
  assert.equal(mayStand('z', council, 2), true);
  assert.equal(mayStand('y', council, 2), true, 'sitting one term out resets the count');
});

test('every kind needs distinct entities voting yes: at least 3, or 2 on a development chain', () => {
  for (const kind of proposalKinds) {
    assert.match(ruleBroken(withPolicy(kind, { yesEntitiesMin: 2 }))!, /at least 3 distinct/);
    const dev = checkGovernanceParams(withPolicy(kind, { yesEntitiesMin: 2 }), {
      development: true,
    });
    assert.equal(dev, undefined, kind);
    const one = checkGovernanceParams(withPolicy(kind, { yesEntitiesMin: 1 }), {
      development: true,
    });
    assert.match(String(one?.details?.['rule']), /at least 2 distinct/);
  }
  // A council smaller than the yes its kinds need could never approve anything.
  assert.match(ruleBroken({ ...params, maintainerSeats: 2 })!, /council has 2 seats/);
});

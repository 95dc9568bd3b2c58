// Counting a chamber and deciding a proposal: the entity cap, delegation and its override, veto,
// quorum, and the rule that protocol changes need every required chamber.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  proposalVerdict,
  tallyChamber,
  type Voter,
  defaultGovernanceParams,
  type Choice,
} from '../index.ts';

const voter = (id: string, weight: number, delegate?: string, entity = id): Voter => ({
  id,
  entity,
  weight: BigInt(weight),
  delegate,
});
const ballots = (entries: Record<string, Choice>) => new Map(Object.entries(entries));
const params = defaultGovernanceParams();
const quorums = { stake: 2000, members: 1000, maintainers: 5000 };

test('an entity holding 40% of the stake counts for 20% of what the chamber counts', () => {
  const roll = [voter('whale', 40), voter('a', 15), voter('b', 15), voter('c', 15), voter('d', 15)];
  const t = tallyChamber(roll, ballots({ whale: 'yes', a: 'no' }), 2000);
  // Cut to 15: 15 of 15 + 4 × 15 is exactly 20%, and no higher level keeps it at 20%.
  assert.equal(t.yes, 15n);
  assert.equal(t.no, 15n);
  assert.equal(t.eligible, 75n);
  assert.ok(t.yes * 10_000n <= 2000n * t.eligible);
});

test('delegators inherit their validator vote unless they vote themselves', () => {
  const roll = [
    voter('val', 10),
    voter('d1', 30, 'val', 'd1'),
    voter('d2', 30, 'val', 'd2'),
    voter('other', 30),
  ];
  const inherited = tallyChamber(roll, ballots({ val: 'yes', other: 'no' }), 10_000);
  assert.equal(inherited.yes, 70n);
  assert.equal(inherited.no, 30n);
  // d2's own vote replaces its validator's.
  const overridden = tallyChamber(roll, ballots({ val: 'yes', other: 'no', d2: 'no' }), 10_000);
  assert.equal(overridden.yes, 40n);
  assert.equal(overridden.no, 60n);
});

test('a delegation chain is followed to the first voter; a cycle counts for nobody', () => {
  const chain = [voter('a', 1, 'b'), voter('b', 1, 'c'), voter('c', 1)];
  assert.equal(tallyChamber(chain, ballots({ c: 'veto' }), 10_000).veto, 3n);
  const cycle = [voter('a', 1, 'b'), voter('b', 1, 'c'), voter('c', 1, 'a'), voter('d', 1)];
  const t = tallyChamber(cycle, ballots({ d: 'yes' }), 10_000);
  assert.equal(t.yes, 1n);
  assert.equal(t.no + t.abstain + t.veto, 0n);
  // Someone in the cycle voting gives the others its vote.
  assert.equal(tallyChamber(cycle, ballots({ b: 'no' }), 10_000).no, 3n);
});

test('a delegate collecting votes is capped as one entity', () => {
  const roll = [
    voter('star', 1),
    ...Array.from({ length: 9 }, (_, i) => voter(`m${i}`, 1, 'star')),
  ];
  const t = tallyChamber(roll, ballots({ star: 'yes', m0: 'no' }), 2000);
  // star controls 9 of 10, counted as 2; m0 voted itself.
  assert.equal(t.yes, 2n);
  assert.equal(t.no, 1n);
});

test('no tally counts more than the eligible weight, nor any entity above the cap', () => {
  const arb = fc.record({
    weights: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }),
    delegates: fc.array(fc.option(fc.nat(11), { nil: undefined }), {
      minLength: 12,
      maxLength: 12,
    }),
    entities: fc.array(fc.nat(5), { minLength: 12, maxLength: 12 }),
    votes: fc.array(
      fc.option(fc.constantFrom<Choice>('yes', 'no', 'abstain', 'veto'), { nil: undefined }),
      {
        minLength: 12,
        maxLength: 12,
      },
    ),
    capBps: fc.integer({ min: 1, max: 10_000 }),
  });
  fc.assert(
    fc.property(arb, ({ weights, delegates, entities, votes, capBps }) => {
      const roll = weights.map((w, i) => {
        const d = delegates[i];
        return voter(`v${i}`, w, d === undefined ? undefined : `v${d}`, `e${entities[i]}`);
      });
      const cast = new Map<string, Choice>();
      roll.forEach((v, i) => {
        const c = votes[i];
        if (c !== undefined) cast.set(v.id, c);
      });
      const t = tallyChamber(roll, cast, capBps);
      const counted = t.yes + t.no + t.abstain + t.veto;
      assert.ok(counted <= t.eligible, `${counted} > ${t.eligible}`);
      const entityCount = new Set(entities.slice(0, roll.length)).size;
      assert.ok(counted <= t.cap * BigInt(entityCount));
    }),
    { numRuns: 300 },
  );
});

test('a 60% stake holder cannot pass an upgrade that members reject, nor can any chamber alone', () => {
  const upgrade = params.policies.upgrade;
  const stakeRoll = [voter('big', 60), voter('s1', 20), voter('s2', 20)];
  const memberRoll = Array.from({ length: 10 }, (_, i) => voter(`m${i}`, 1));
  const seats = Array.from({ length: 5 }, (_, i) => voter(`seat${i}`, 1));
  const allYes = (roll: Voter[]) => new Map<string, Choice>(roll.map((v) => [v.id, 'yes']));
  const allNo = (roll: Voter[]) => new Map<string, Choice>(roll.map((v) => [v.id, 'no']));
  const stakeYes = tallyChamber(stakeRoll, ballots({ big: 'yes' }), 10_000);
  const membersNo = tallyChamber(memberRoll, allNo(memberRoll), 2000);
  const maintainersYes = tallyChamber(seats, allYes(seats), 10_000);
  const stakeNo = tallyChamber(stakeRoll, allNo(stakeRoll), 2000);
  const membersYes = tallyChamber(memberRoll, allYes(memberRoll), 2000);
  const maintainersNo = tallyChamber(seats, allNo(seats), 10_000);
  const decide = (stake: typeof stakeYes, members: typeof stakeYes, maintainers: typeof stakeYes) =>
    proposalVerdict(upgrade, { stake, members, maintainers }, quorums).outcome;
  assert.equal(decide(stakeYes, membersNo, maintainersYes), 'rejected');
  assert.equal(decide(stakeNo, membersNo, maintainersYes), 'rejected');
  assert.equal(decide(stakeNo, membersYes, maintainersNo), 'rejected');
  // Every chamber approving passes — but not with the big holder as the only yes of its chamber.
  assert.equal(decide(stakeYes, membersYes, maintainersYes), 'rejected');
  const stakeAllYes = tallyChamber(stakeRoll, allYes(stakeRoll), 2000);
  assert.equal(decide(stakeAllYes, membersYes, maintainersYes), 'passed');
});

test('a veto beyond its threshold rejects the proposal as vetoed; below it, it is a no', () => {
  const policy = params.policies.parameter;
  const roll = Array.from({ length: 10 }, (_, i) => voter(`m${i}`, 1));
  const votes = (yes: number, veto: number) =>
    new Map(
      roll.map((v, i): [string, Choice] => [
        v.id,
        i < yes ? 'yes' : i < yes + veto ? 'veto' : 'no',
      ]),
    );
  const members = (yes: number, veto: number) => tallyChamber(roll, votes(yes, veto), 10_000);
  const stake = tallyChamber(roll, votes(10, 0), 10_000);
  assert.equal(
    proposalVerdict(policy, { stake, members: members(6, 4) }, quorums).outcome,
    'vetoed',
  );
  assert.equal(
    proposalVerdict(policy, { stake, members: members(7, 3) }, quorums).outcome,
    'passed',
  );
  assert.equal(
    proposalVerdict(policy, { stake, members: members(5, 2) }, quorums).outcome,
    'rejected',
  );
});

test('below quorum nothing passes, however lopsided the vote', () => {
  const roll = Array.from({ length: 100 }, (_, i) => voter(`m${i}`, 1));
  const policy = params.policies.treasury;
  const few = tallyChamber(roll, ballots({ m0: 'yes', m1: 'yes', m2: 'yes' }), 10_000);
  const verdict = proposalVerdict(policy, { members: few }, quorums);
  assert.equal(verdict.outcome, 'rejected');
  assert.equal(verdict.chambers[0]!.quorumMet, false);
  assert.equal(verdict.chambers[0]!.turnoutBps, 300);
});

test('a signal passes when any one chamber approves it', () => {
  const roll = [voter('a', 1), voter('b', 1), voter('c', 1)];
  const yes = tallyChamber(roll, ballots({ a: 'yes', b: 'yes', c: 'yes' }), 10_000);
  const no = tallyChamber(roll, ballots({ a: 'no', b: 'no', c: 'no' }), 10_000);
  const policy = params.policies.signal;
  assert.equal(
    proposalVerdict(policy, { stake: no, members: yes, maintainers: no }, quorums).outcome,
    'passed',
  );
  assert.equal(
    proposalVerdict(policy, { stake: no, members: no, maintainers: no }, quorums).outcome,
    'rejected',
  );
});

test('a chamber approves only when enough distinct entities vote yes, whatever their weight', () => {
  const policy = { ...params.policies.treasury, yesEntitiesMin: 3 };
  // Two accounts of one organisation and one other: two entities, however many voters.
  const roll = [voter('a1', 50, undefined, 'org-a'), voter('a2', 50, undefined, 'org-a')];
  roll.push(voter('b', 10), voter('c', 10), voter('d', 10));
  const two = tallyChamber(roll, ballots({ a1: 'yes', a2: 'yes', b: 'yes' }), 10_000);
  assert.equal(two.yesEntities, 2);
  const verdict = proposalVerdict(policy, { members: two }, quorums);
  assert.equal(verdict.outcome, 'rejected');
  assert.equal(verdict.chambers[0]!.enoughEntities, false);
  assert.equal(verdict.chambers[0]!.quorumMet, true);
  const three = tallyChamber(roll, ballots({ a1: 'yes', b: 'yes', c: 'yes' }), 10_000);
  assert.equal(three.yesEntities, 3);
  assert.equal(proposalVerdict(policy, { members: three }, quorums).outcome, 'passed');
  // Delegated weight counts for the delegate's entity: following is not voting.
  const following = [voter('x', 1), voter('y', 1, 'x'), voter('z', 1, 'x')];
  const t = tallyChamber(following, ballots({ x: 'yes' }), 10_000);
  assert.equal(t.yesEntities, 1);
  assert.deepEqual(t.own, { yes: 1n, no: 0n, abstain: 0n, veto: 0n });
  assert.deepEqual(t.delegated, { yes: 2n, no: 0n, abstain: 0n, veto: 0n });
});

// Governance scenarios on a chain (see test/support/govChain.ts): proposals from submission to
// enactment. An upgrade needs every chamber that decides it; a passed proposal waits out its exit
// window; deposits are held in escrow, refunded when rejected and burned when vetoed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { moduleAccounts } from '../../src/execution/index.ts';
import { openGovChain, shortParams } from '../support/govChain.ts';
import {
  whale,
  s1,
  s2,
  m1,
  x1,
  outsider,
  everyone,
  members,
  maintainers,
  governance,
  propose,
  votes,
} from '../support/govFixtures.ts';

test('a 60% stake holder cannot pass an upgrade that members reject; all three chambers can', async () => {
  const chain = await openGovChain(everyone, governance());
  const upgrade = { type: 'upgrade' as const, name: 'v2', version: '2.0.0', height: 1000 };
  let receipts = await chain.block([
    { from: whale!, messages: [propose('upgrade to v2', upgrade)] },
  ]);
  assert.equal(receipts[0]!.code, '');
  assert.equal(chain.proposal(1).status, 'voting');
  // The whale (with both smaller holders, so that three entities say yes and the stake chamber
  // approves) and the maintainers say yes; the members say no.
  await chain.block([
    ...votes([whale!, s1!, s2!], 1, 'stake', 'yes'),
    ...votes(maintainers, 1, 'maintainers', 'yes'),
    ...votes(members, 1, 'members', 'no'),
  ]);
  await chain.idle(10_000);
  const rejected = chain.proposal(1);
  assert.equal(rejected.status, 'rejected');
  assert.deepEqual(
    rejected.results.map((r) => [r.chamber, r.approved]),
    [
      ['stake', true],
      ['members', false],
      ['maintainers', true],
    ],
  );
  // Three holders are fewer than 1/cap (five): each counts as much as the smallest, 20 of 60.
  assert.equal(rejected.results[0]!.yes, 60n);
  assert.equal(rejected.results[0]!.eligible, 60n);
  assert.equal(rejected.results[0]!.yesEntities, 3);
  assert.deepEqual(rejected.results[0]!.own, { yes: 100n, no: 0n, abstain: 0n, veto: 0n });
  // Its deposit came back.
  assert.equal(chain.balance(moduleAccounts.deposits), 0n);

  // Same proposal, every chamber in favour: it passes and, after the exit window, is scheduled.
  receipts = await chain.block([
    { from: whale!, messages: [propose('upgrade to v2, again', upgrade)] },
  ]);
  await chain.block([
    ...votes([whale!, s1!, s2!], 2, 'stake', 'yes'),
    ...votes(maintainers, 2, 'maintainers', 'yes'),
    ...votes(members, 2, 'members', 'yes'),
  ]);
  await chain.idle(10_000);
  const passed = chain.proposal(2);
  assert.equal(passed.status, 'passed');
  assert.equal(chain.gov().upgrade, undefined, 'nothing takes effect during the exit window');
  assert.ok(passed.enactAtMs! - passed.decidedTimeMs! >= shortParams().unbondingPeriodMs);
  await chain.idle(passed.policy.exitWindowMs);
  assert.equal(chain.proposal(2).status, 'enacted');
  assert.deepEqual(chain.gov().upgrade, {
    name: 'v2',
    version: '2.0.0',
    height: 1000,
    proposal: 2,
  });
});

test('a vetoed proposal burns its deposit; a rejected one is refunded', async () => {
  const chain = await openGovChain(everyone, governance());
  // A treasury spend the members reject: the deposit comes back.
  await chain.block([
    {
      from: m1!,
      messages: [propose('spam', { type: 'treasury.spend', to: m1!.address, amount: 10n }, 5000n)],
    },
  ]);
  assert.equal(chain.balance(moduleAccounts.deposits), 5000n, 'held in escrow while voting');
  await chain.block(votes(members, 1, 'members', 'no'));
  await chain.idle(10_000);
  assert.equal(chain.proposal(1).status, 'rejected');
  assert.equal(chain.balance(moduleAccounts.deposits), 0n, 'refunded');

  // A parameter-kind proposal (ratifying an emergency pause) that 3 of 8 members veto: 37.5% of
  // the votes cast is above the 33.4% veto threshold, so it fails and its deposit is burned.
  await chain.block([
    {
      from: x1!,
      messages: [propose('pause records', { type: 'emergency.pause', module: 'records' })],
    },
  ]);
  await chain.block([
    ...votes(maintainers, 2, 'maintainers', 'yes'),
    ...votes([whale!, s1!, s2!], 2, 'stake', 'yes'),
  ]);
  await chain.idle(10_000);
  assert.equal(chain.proposal(2).status, 'enacted');
  const before = chain.balance(m1!.address);
  const [submitted] = await chain.block([
    {
      from: m1!,
      messages: [propose('ratify the pause', { type: 'emergency.ratify', proposal: 2 }, 7000n)],
    },
  ]);
  await chain.block([
    ...votes([whale!, s1!, s2!], 3, 'stake', 'yes'),
    ...votes(members.slice(0, 3), 3, 'members', 'veto'),
    ...votes(members.slice(3), 3, 'members', 'yes'),
  ]);
  await chain.idle(10_000);
  assert.equal(chain.proposal(3).status, 'vetoed');
  assert.equal(chain.balance(moduleAccounts.deposits), 0n, 'the escrow no longer holds it');
  // m1 paid the fee of its submission and of its veto vote, and got no deposit back.
  const fees = submitted!.fee;
  assert.ok(before - chain.balance(m1!.address) >= 7000n + fees);
  // Ratifying a pause that does not exist is refused at submission.
  const [unknown] = await chain.block([
    {
      from: m1!,
      messages: [propose('ratify nothing', { type: 'emergency.ratify', proposal: 99 })],
    },
  ]);
  assert.equal(unknown!.code, 'pause_unknown');
});

test('passed treasury spends wait for the exit window, then pay from the treasury', async () => {
  const chain = await openGovChain(everyone, governance());
  await chain.block([
    {
      from: m1!,
      messages: [
        propose('grant', { type: 'treasury.spend', to: outsider!.address, amount: 250_000n }),
      ],
    },
  ]);
  await chain.block(votes(members, 1, 'members', 'yes'));
  const before = chain.balance(outsider!.address);
  await chain.idle(10_000);
  const p = chain.proposal(1);
  assert.equal(p.status, 'passed');
  assert.equal(chain.balance(outsider!.address), before, 'not paid during the exit window');
  await chain.idle(p.policy.exitWindowMs);
  assert.equal(chain.proposal(1).status, 'enacted');
  assert.equal(chain.balance(outsider!.address), before + 250_000n);
  assert.equal(chain.balance(moduleAccounts.treasury), 750_000n);
});

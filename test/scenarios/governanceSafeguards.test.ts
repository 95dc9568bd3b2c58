// Governance scenarios on a chain (see test/support/govChain.ts): the safeguards. An emergency
// pause stops a module at once and expires by itself; a rules change may not shorten an exit
// window below the unbonding period; capture metrics are on chain and tighten the policies of
// protocol kinds while a chamber is below its floor.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { governanceKeys, moduleAccounts } from '../../src/execution/index.ts';
import { signedTx } from '../support/chain.ts';
import { openGovChain, shortParams } from '../support/govChain.ts';
import {
  whale,
  s1,
  s2,
  m1,
  m2,
  m3,
  m4,
  x1,
  outsider,
  everyone,
  maintainers,
  governance,
  propose,
  votes,
} from '../support/govFixtures.ts';

test('an emergency pause stops a module at once and expires by itself', async () => {
  const chain = await openGovChain(everyone, governance());
  await chain.block([
    {
      from: x1!,
      messages: [propose('stop transfers', { type: 'emergency.pause', module: 'transfer' })],
    },
  ]);
  await chain.block([
    ...votes(maintainers, 1, 'maintainers', 'yes'),
    ...votes([whale!, s1!, s2!], 1, 'stake', 'yes'),
  ]);
  await chain.idle(10_000);
  assert.equal(chain.proposal(1).status, 'enacted');
  const pause = chain.gov().pauses[0]!;
  assert.equal(pause.module, 'transfer');
  // Refused at admission, before it costs a fee (a transfer admitted earlier would fail in its
  // block with the same code).
  const [refused] = await chain.a.submitTxs([
    signedTx(outsider!, [{ type: 'transfer', to: m1!.address, amount: 1n }], { nonce: 0 }),
  ]);
  assert.ok(refused !== undefined && !refused.accepted);
  assert.equal(refused.error.code, 'module_paused');
  await chain.idle(pause.untilMs! - chain.a.tip().timeMs);
  assert.deepEqual(chain.gov().pauses, []);
  const [r] = await chain.block([
    { from: outsider!, messages: [{ type: 'transfer', to: m1!.address, amount: 1n }] },
  ]);
  assert.equal(r!.code, '');
});

test('a rules change that would shorten an exit window below the unbonding period is refused at submission', async () => {
  const chain = await openGovChain(everyone, governance());
  const params = shortParams();
  const weakened = {
    ...params,
    policies: { ...params.policies, upgrade: { ...params.policies.upgrade, exitWindowMs: 1000 } },
  };
  const before = chain.balance(whale!.address);
  const [receipt] = await chain.block([
    { from: whale!, messages: [propose('shorter exits', { type: 'rules.set', params: weakened })] },
  ]);
  assert.equal(receipt!.code, 'governance_invariant');
  assert.match(receipt!.message, /cannot be shorter than the unbonding period/);
  assert.equal(receipt!.refused, true, 'refused at submission, as the spec says');
  assert.equal(chain.gov().nextProposalId, 1, 'no proposal was created');
  assert.equal(chain.balance(moduleAccounts.deposits), 0n, 'no deposit was taken');
  assert.equal(chain.balance(whale!.address), before, 'not even a fee was charged');
});

test('capture metrics are on chain from the first block and follow the rolls', async () => {
  const params = {
    ...shortParams(),
    captureFloor: { nakamotoMin: 3, votingPeriodFactor: 2, approvalAddBps: 1000 },
  };
  const chain = await openGovChain(everyone, governance({ params }));
  await chain.idle(1000);
  const c = chain.capture();
  const stake = c.chambers.find((x) => x.chamber === 'stake')!;
  // Capped at 20 each (of 100): whale 20, org-one 20, org-two 20; none alone holds more than a
  // third of the 60 counted, two do.
  assert.equal(stake.third, 2);
  assert.equal(stake.thirdUncapped, 1, 'uncapped, the whale alone holds 60%');
  assert.equal(stake.belowFloor, true, 'below the floor of three');
  const upgrade = c.kinds.find((k) => k.kind === 'upgrade')!;
  assert.ok(upgrade.pass !== undefined && upgrade.uncappedPass !== undefined);
  assert.ok(upgrade.pass >= upgrade.uncappedPass);
  // Protocol kinds submitted now are tightened (stake is below its floor).
  await chain.block([
    {
      from: whale!,
      messages: [propose('upgrade', { type: 'upgrade', name: 'v2', version: '2', height: 500 })],
    },
  ]);
  const p = chain.proposal(1);
  assert.equal(p.policy.approval.bps, shortParams().policies.upgrade.approval.bps + 1000);
  assert.equal(p.policy.votingPeriodMs, shortParams().policies.upgrade.votingPeriodMs * 2);
  // A member delegating changes the members chamber's figures in the same block.
  const height = chain.capture().height;
  await chain.block(
    [m2!, m3!, m4!].map((from) => ({
      from,
      messages: [{ type: 'gov.delegate' as const, chamber: 'members' as const, to: m1!.address }],
    })),
  );
  assert.ok(chain.capture().height > height);
  assert.ok(chain.a.state.get(governanceKeys.capture) !== undefined);
});

// Public-chain scenarios: validators bonded at genesis, delegation, a delegator's own vote
// replacing its validator's, unbonding inside an exit window, double-sign evidence slashing and
// tombstoning a validator, downtime jailing. Real signed transactions and blocks, proposed by one
// chain application and validated and committed by another.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evidenceAgeBlocksMax } from '../../src/chain/index.ts';
import { decode } from '../../src/codec/index.ts';
import {
  bondedPoolAccount,
  delegatedTokens,
  readDelegations,
  stakeValidatorCodec,
  stakingKeys,
  stakingLimits,
  unbondingsCodec,
  type GenesisGovernance,
  type Message,
  type StakeValidator,
} from '../../src/execution/index.ts';
import { toHex } from '../../src/lib/index.ts';
import { testAccount } from '../support/chain.ts';
import { equivocation } from '../support/chainApp.ts';
import { accounts, govValidators, openGovChain, shortParams } from '../support/govChain.ts';

// The genesis validators' keys are their operators' account keys (seeds 0xa1…0xa4).
const operators = [0xa1, 0xa2, 0xa3, 0xa4].map((seed) => testAccount(seed));
const [dora, eve, m1, m2, m3] = accounts(51, 52, 61, 62, 63);
const members = [m1!, m2!, m3!];

function publicGovernance(): GenesisGovernance {
  return {
    mode: 'public',
    params: shortParams(),
    stake: [],
    members: members.map((m) => m.address),
    maintainers: members.map((m) => m.address),
    constitution: { hash: new Uint8Array(32), url: '' },
    treasury: 0n,
    development: false,
  };
}

const open = () => openGovChain([...operators, dora!, eve!, ...members], publicGovernance());
const validatorOf = (i: number) => govValidators[i]!.validator.address;

function record(chain: Awaited<ReturnType<typeof open>>, i: number): StakeValidator {
  return decode(stakeValidatorCodec, chain.read(stakingKeys.validator(validatorOf(i)))!);
}

const delegate = (validator: Uint8Array, amount: bigint): Message => ({
  type: 'stake.delegate',
  validator,
  amount,
});

test('genesis validators are bonded; delegation adds stake and, by the next set, voting power', async () => {
  const chain = await open();
  assert.equal(record(chain, 0).tokens, 10_000_000n);
  assert.equal(chain.balance(bondedPoolAccount), 40_000_000n);
  const [r] = await chain.block([
    { from: dora!, messages: [delegate(validatorOf(0), 4_000_000n)] },
  ]);
  assert.equal(r!.code, '');
  // Validator 0 proposed that block: its fee joined validator 0's pool (commission 0), so every
  // share — dora's new ones too — is worth a little more.
  assert.equal(record(chain, 0).tokens, 14_000_000n + r!.fee);
  const dorasShares = readDelegations(chain.a.state, dora!.address)[0]!.shares;
  assert.ok(delegatedTokens(record(chain, 0), dorasShares) > 4_000_000n);
  await chain.idle(1000);
  await chain.idle(1000);
  const power = chain.a
    .validatorsAt(chain.a.tip().height + 1)!
    .find((v) => toHex(v.address) === toHex(validatorOf(0)))!.power;
  // 14 of 44: below the default cap of 33.33% of the voting power, so not cut.
  assert.equal(power, 14);
});

test("a delegator's own vote replaces its validator's in the stake chamber", async () => {
  const chain = await open();
  // Dora puts 30 with validator 0 (which then holds 40 of 70); validators 1–3 hold 10 each.
  await chain.block([{ from: dora!, messages: [delegate(validatorOf(0), 30_000_000n)] }]);
  await chain.block([
    {
      from: m1!,
      messages: [
        {
          type: 'gov.propose',
          title: 'pause records',
          text: '',
          deposit: 1000n,
          action: { type: 'emergency.pause', module: 'records' },
        },
      ],
    },
  ]);
  // Emergency: maintainers + stake. Validator 0's operator votes yes, dora overrides with no.
  const vote = (choice: 'yes' | 'no', chamber: 'stake' | 'maintainers'): Message => ({
    type: 'gov.vote',
    proposal: 1,
    chamber,
    choice,
    candidates: [],
  });
  await chain.block([
    { from: operators[0]!, messages: [vote('yes', 'stake')] },
    { from: operators[1]!, messages: [vote('yes', 'stake')] },
    { from: dora!, messages: [vote('no', 'stake')] },
    { from: m1!, messages: [vote('yes', 'maintainers')] },
  ]);
  await chain.idle(10_000);
  const stake = chain.proposal(1).results.find((r) => r.chamber === 'stake')!;
  // Validator 0 keeps its own ~10; dora's ~30 counts for her, cut to the level at which she is
  // 20% of what is counted: ~10 of ~50 (fees of the blocks so far joined the proposers' pools,
  // hence the approximations).
  assert.ok(stake.own.no >= 30_000_000n, String(stake.own.no));
  assert.ok(stake.no < stake.own.no);
  assert.ok(stake.no * 10_000n <= 2000n * stake.eligible, `${stake.no} of ${stake.eligible}`);
  assert.ok(stake.yes >= 20_000_000n && stake.yes < 20_500_000n, String(stake.yes));
  // One maintainer's yes is one entity, fewer than the three every chamber needs.
  assert.equal(chain.proposal(1).status, 'rejected');
});

test('a delegator who voted no unbonds fully before the upgrade takes effect', async () => {
  const chain = await open();
  await chain.block([{ from: dora!, messages: [delegate(validatorOf(1), 8_000_000n)] }]);
  const before = chain.balance(dora!.address);
  await chain.block([
    {
      from: m1!,
      messages: [
        {
          type: 'gov.propose',
          title: 'v2',
          text: '',
          deposit: 1000n,
          action: { type: 'upgrade', name: 'v2', version: '2.0.0', height: 10_000 },
        },
      ],
    },
  ]);
  const vote = (choice: 'yes' | 'no', chamber: 'stake' | 'members' | 'maintainers'): Message => ({
    type: 'gov.vote',
    proposal: 1,
    chamber,
    choice,
    candidates: [],
  });
  // Dora votes no and, expecting to lose, starts leaving at once.
  await chain.block([
    ...operators.map((from) => ({ from, messages: [vote('yes', 'stake')] })),
    {
      from: dora!,
      messages: [
        vote('no', 'stake'),
        { type: 'stake.undelegate', validator: validatorOf(1), amount: 8_000_000n },
      ],
    },
    ...members.map((from) => ({ from, messages: [vote('yes', 'members')] })),
    ...members.map((from) => ({ from, messages: [vote('yes', 'maintainers')] })),
  ]);
  await chain.idle(10_000);
  const passed = chain.proposal(1);
  assert.equal(passed.status, 'passed');
  const [unbonding] = decode(unbondingsCodec, chain.read(stakingKeys.unbondings(dora!.address))!);
  // The exit window is at least the unbonding period, so what she started before the tally is
  // complete before the upgrade is enacted.
  assert.ok(unbonding!.completeAtMs <= passed.enactAtMs!);
  const [early] = await chain.block([{ from: dora!, messages: [{ type: 'stake.withdraw' }] }]);
  assert.equal(early!.code, 'nothing_to_withdraw');
  // Not yet complete is a failure time cures: admission lets it through, and it fails in its block.
  assert.equal(early!.refused, false);
  await chain.idle(unbonding!.completeAtMs - chain.a.tip().timeMs);
  const [w] = await chain.block([{ from: dora!, messages: [{ type: 'stake.withdraw' }] }]);
  assert.equal(w!.code, '');
  assert.equal(chain.proposal(1).status, 'passed', 'withdrawn while the upgrade still waits');
  assert.ok(chain.balance(dora!.address) >= before + 8_000_000n - 300_000n, 'her stake is back');
  await chain.idle(passed.enactAtMs! - chain.a.tip().timeMs);
  assert.equal(chain.proposal(1).status, 'enacted');
  assert.notEqual(chain.gov().upgrade, undefined);
});

test('double-sign evidence slashes and tombstones the validator, recorded with the evidence', async () => {
  const chain = await open();
  await chain.block([{ from: eve!, messages: [delegate(validatorOf(2), 10_000_000n)] }]);
  const pool = chain.balance(bondedPoolAccount);
  await chain.block([], 1000, [equivocation(govValidators[2]!, 1)]);
  const v = record(chain, 2);
  assert.equal(v.tombstoned, true);
  assert.equal(v.slashes.length, 1);
  assert.equal(v.slashes[0]!.reason, 'double_sign');
  assert.equal(v.slashes[0]!.infractionHeight, 1);
  assert.notDeepEqual(v.slashes[0]!.evidenceHash, new Uint8Array(32));
  // 5% of its 20,000,000 is burned; eve's delegation lost 5% with it.
  assert.equal(v.slashes[0]!.amount, 1_000_000n);
  assert.equal(v.tokens, 19_000_000n);
  assert.equal(chain.balance(bondedPoolAccount), pool - 1_000_000n);
  // It leaves the validator set two blocks later and cannot come back.
  await chain.idle(1000);
  await chain.idle(1000);
  const set = chain.a.validatorsAt(chain.a.tip().height + 1)!;
  assert.ok(!set.some((x) => toHex(x.address) === toHex(validatorOf(2))));
  const [again] = await chain.block([{ from: eve!, messages: [delegate(validatorOf(2), 1n)] }]);
  assert.equal(again!.code, 'validator_tombstoned');
  const [unjail] = await chain.block([
    { from: operators[2]!, messages: [{ type: 'stake.unjail', validator: validatorOf(2) }] },
  ]);
  assert.equal(unjail!.code, 'validator_tombstoned');
});

test('a validator absent from commits is jailed for downtime, then unjails itself', async () => {
  const chain = await open();
  // The harness signs every commit with validators 0–2: validator 3 misses every block.
  for (let i = 0; i < 52; i++) await chain.idle(100);
  const v = record(chain, 3);
  assert.ok(v.jailedUntilMs !== undefined, 'jailed');
  assert.equal(v.slashes.at(-1)!.reason, 'downtime');
  await chain.idle(1000);
  await chain.idle(1000);
  assert.ok(
    !chain.a
      .validatorsAt(chain.a.tip().height + 1)!
      .some((x) => toHex(x.address) === toHex(validatorOf(3))),
  );
  const [early] = await chain.block([
    { from: operators[3]!, messages: [{ type: 'stake.unjail', validator: validatorOf(3) }] },
  ]);
  assert.equal(early!.code, 'still_jailed');
  const [other] = await chain.block([
    { from: dora!, messages: [{ type: 'stake.unjail', validator: validatorOf(3) }] },
  ]);
  assert.equal(other!.code, 'not_operator');
});

test('staking keeps recent bonds for as long as evidence can reach back', () => {
  // Execution cannot import the chain's constant; a slash for an infraction older than the bonds
  // kept would slash stake bonded after it.
  assert.equal(stakingLimits.evidenceAgeBlocks, evidenceAgeBlocksMax);
});

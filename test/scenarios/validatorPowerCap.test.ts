// The cap on one validator's share of the voting power on a public chain: stake beyond it stays
// bonded but adds no power, and no rules change can raise the cap above a third.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decode } from '../../src/codec/index.ts';
import {
  stakeValidatorCodec,
  stakingKeys,
  type GenesisGovernance,
} from '../../src/execution/index.ts';
import { toHex } from '../../src/lib/index.ts';
import { testAccount } from '../support/chain.ts';
import { accounts, govValidators, openGovChain, shortParams } from '../support/govChain.ts';

const operators = [0xa1, 0xa2, 0xa3, 0xa4].map((seed) => testAccount(seed));
const [dora, m1, m2, m3] = accounts(51, 61, 62, 63);

function publicGovernance(): GenesisGovernance {
  return {
    mode: 'public',
    development: false,
    params: shortParams(),
    stake: [],
    members: [m1!.address, m2!.address, m3!.address],
    maintainers: [m1!.address],
    constitution: { hash: new Uint8Array(32), url: '' },
    treasury: 0n,
  };
}

const open = () => openGovChain([...operators, dora!, m1!, m2!, m3!], publicGovernance());
const validatorOf = (i: number) => govValidators[i]!.validator.address;

test('a validator holding 70% of the stake gets at most a third of the voting power', async () => {
  const chain = await open();
  // Validators 1–3 hold 10 each; dora's 60 makes validator 0 hold 70 of 100.
  const [r] = await chain.block([
    {
      from: dora!,
      messages: [{ type: 'stake.delegate', validator: validatorOf(0), amount: 60_000_000n }],
    },
  ]);
  assert.equal(r!.code, '');
  await chain.idle(1000);
  await chain.idle(1000);
  const set = chain.a.validatorsAt(chain.a.tip().height + 1)!;
  const total = set.reduce((sum, v) => sum + v.power, 0);
  const big = set.find((v) => toHex(v.address) === toHex(validatorOf(0)))!;
  assert.ok(big.power * 10_000 <= 3333 * total, `${big.power} of ${total}`);
  assert.equal(big.power, 14, 'cut to the level 14 = 33.33% of 14 + 30');
  // The stake beyond the cap is still bonded (and slashable).
  const record = decode(stakeValidatorCodec, chain.read(stakingKeys.validator(validatorOf(0)))!);
  assert.ok(record.tokens >= 70_000_000n);
});

test('a rules change raising the validator power cap above a third is refused', async () => {
  const chain = await open();
  const params = { ...shortParams(), validatorPowerCapBps: 5000 };
  const [receipt] = await chain.block([
    {
      from: m1!,
      messages: [
        {
          type: 'gov.propose',
          title: 'let one validator hold half',
          text: '',
          deposit: 1000n,
          action: { type: 'rules.set', params },
        },
      ],
    },
  ]);
  assert.equal(receipt!.code, 'governance_invariant');
  assert.match(receipt!.message, /voting power cap/);
  assert.equal(chain.gov().nextProposalId, 1, 'no proposal was created');
});

// The staking reads: an account's unbondings say how much each is worth, and every validator shows
// its bonded stake, its voting power after the cap, and the stake beyond the cap.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addressOf, formatAddress } from '../../crypto/index.ts';
import {
  defaultGovernanceParams,
  genesisStaking,
  readStaking,
  votingPowers,
  createOverlay,
} from '../../execution/index.ts';
import { createMemoryKvStore, createMerkleStore } from '../../state/index.ts';
import { signedTx, testAccount, testLedger, testSigner } from '../../../test/support/chain.ts';
import { createClient, type Client } from '../client/index.ts';
import { createApiServer, type ApiServer } from '../index.ts';
import { stakeValidatorToJson } from './toJson.ts';

const alice = testAccount(1);
const validatorKey = testSigner(0xee);
const validator = addressOf(validatorKey.publicKey);
let server: ApiServer;
let client: Client;

before(async () => {
  const { ledger } = await testLedger([alice], undefined, validatorKey, {
    governance: {
      mode: 'public',
      development: false,
      params: defaultGovernanceParams(),
      stake: [],
      members: [alice.address],
      maintainers: [alice.address],
      constitution: { hash: new Uint8Array(32), url: '' },
      treasury: 0n,
    },
  });
  server = createApiServer({ service: ledger, logger: false });
  client = createClient({ url: await server.listen({ port: 0 }) });
  const send = async (
    nonce: number,
    type: 'stake.delegate' | 'stake.undelegate',
    amount: bigint,
  ) => {
    const [r] = await client.submitTxs([signedTx(alice, [{ type, validator, amount }], { nonce })]);
    assert.equal(r?.status, 'pending', JSON.stringify(r));
    await ledger.produceBlock();
  };
  await send(0, 'stake.delegate', 5_000_000n);
  await send(1, 'stake.undelegate', 2_000_000n);
});

after(async () => {
  await server.close();
});

test("an account's unbondings carry their amount and the height that started them", async () => {
  const doc = await client.delegator(formatAddress(alice.address));
  assert.equal(doc.unbondings.length, 1);
  const u = doc.unbondings[0]!;
  assert.equal(u.tokens, '2000000');
  assert.ok(u.height > 1);
  assert.ok(BigInt(doc.delegations[0]?.tokens ?? '0') >= 3_000_000n);
});

test('a validator shows its bonded stake, its voting power and no excess when alone', async () => {
  const doc = await client.staking();
  const v = doc.validators.find((x) => x.address === formatAddress(validator));
  assert.ok(v !== undefined);
  assert.ok(BigInt(v.tokens) >= 13_000_000n);
  assert.equal(v.power, v.uncappedPower, 'a single validator is not cut');
  assert.equal(v.excessTokens, '0');
  assert.equal(doc.params.powerCapBps, 3333);
});

test('a validator above the cap shows the stake beyond it that adds no voting power', () => {
  const state = createOverlay(createMerkleStore({ kv: createMemoryKvStore() }));
  const validators = [0x40, 0x41, 0x42, 0x43].map((seed, i) => {
    const publicKey = testSigner(seed).publicKey;
    return { address: addressOf(publicKey), publicKey, power: i === 0 ? 70 : 10 };
  });
  genesisStaking(state, validators);
  const s = readStaking(state)!;
  const shown = votingPowers(state, s).map((p) =>
    stakeValidatorToJson(p.address, p.validator, {
      power: p.power,
      uncappedPower: p.uncapped,
      powerUnit: s.params.powerUnit,
    }),
  );
  assert.deepEqual(
    shown.map((v) => [v.tokens, v.power, v.uncappedPower, v.excessTokens]),
    [
      ['70000000', 14, 70, '56000000'],
      ['10000000', 10, 10, '0'],
      ['10000000', 10, 10, '0'],
      ['10000000', 10, 10, '0'],
    ],
  );
});

// `polity stake` against a public chain's API: the unbondings table says how much each unbonding
// is, and the validators table shows voting power and the stake beyond the cap.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createClient } from '../../api/client/index.ts';
import { createApiServer, type ApiServer } from '../../api/index.ts';
import { addressOf, formatAddress } from '../../crypto/index.ts';
import { defaultGovernanceParams } from '../../execution/index.ts';
import { signedTx, testAccount, testLedger, testSigner } from '../../../test/support/chain.ts';
import { runCapture } from '../testIo.test.ts';

const alice = testAccount(1);
const validator = addressOf(testSigner(0xee).publicKey);
let server: ApiServer;
let env: Record<string, string>;

before(async () => {
  const { ledger } = await testLedger([alice], undefined, testSigner(0xee), {
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
  const url = await server.listen({ port: 0 });
  const client = createClient({ url });
  for (const [nonce, type, amount] of [
    [0, 'stake.delegate', 5_000_000n],
    [1, 'stake.undelegate', 2_000_000n],
  ] as const) {
    await client.submitTxs([signedTx(alice, [{ type, validator, amount }], { nonce })]);
    await ledger.produceBlock();
  }
  env = { POLITY_HOME: await mkdtemp(join(tmpdir(), 'polity-stake-')), POLITY_NODE: url };
});

after(async () => {
  await server.close();
  await rm(env['POLITY_HOME']!, { recursive: true, force: true });
});

test('`stake show ACCOUNT` lists each unbonding with its amount', async () => {
  const run = await runCapture(['stake', 'show', formatAddress(alice.address)], env);
  assert.equal(run.code, 0, run.stderr);
  const unbondings = run.stdout.slice(run.stdout.indexOf('unbondings'));
  assert.match(unbondings, /AMOUNT/);
  assert.match(
    unbondings,
    new RegExp(`${formatAddress(validator)}\\s+2000000 upol\\s+\\d+\\s+\\d{4}-`),
  );
});

test('`stake validators` shows voting power and the stake beyond the cap', async () => {
  const run = await runCapture(['stake', 'validators'], env);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /POWER\s+BEYOND CAP/);
  assert.match(run.stdout, /exceeds 33\.33% of the total/);
});

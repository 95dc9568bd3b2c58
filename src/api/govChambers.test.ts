// `GET /v1/governance/chambers` on a public chain lists the stake chamber as it votes: each
// validator with its bonded stake and operator (it listed the consortium roll, empty there).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addressOf, formatAddress } from '../crypto/index.ts';
import { defaultGovernanceParams, defaultStakingParams } from '../execution/index.ts';
import { testAccount, testLedger, testSigner } from '../../test/support/chain.ts';
import { createClient } from './client/index.ts';
import { createApiServer, type ApiServer } from './index.ts';

const alice = testAccount(1);
const validator = testSigner(0xee);
let server: ApiServer;
let url: string;

before(async () => {
  const { ledger } = await testLedger([alice], undefined, validator, {
    governance: {
      mode: 'public',
      params: defaultGovernanceParams(),
      stake: [],
      members: [alice.address],
      maintainers: [alice.address],
      constitution: { hash: new Uint8Array(32), url: '' },
      treasury: 0n,
      development: false,
    },
  });
  server = createApiServer({ service: ledger, logger: false });
  url = await server.listen({ port: 0 });
  await ledger.produceBlock();
});

after(async () => {
  await server.close();
});

test("a public chain's stake chamber lists its validators with their bonded stake", async () => {
  const doc = await createClient({ url }).chambers();
  assert.equal(doc.mode, 'public');
  const address = formatAddress(addressOf(validator.publicKey));
  assert.deepEqual(doc.stake, [
    {
      holder: address,
      // The genesis validator operates itself.
      entity: address,
      weight: (10n * defaultStakingParams.powerUnit).toString(),
    },
  ]);
});

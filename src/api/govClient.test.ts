// Proved governance reads: honest answers verify and are rebuilt from the proved bytes; a value
// changed in the JSON is ignored (the client renders the proved bytes), a changed `encoded` value
// or a claim of absence is rejected with proof_invalid.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isPolityError } from '../lib/index.ts';
import { defaultGovernanceParams } from '../execution/index.ts';
import { signedTx, testAccount, testLedger } from '../../test/support/chain.ts';
import { createClient, type FetchLike } from './client/index.ts';
import { createApiServer, type ApiServer } from './index.ts';

const alice = testAccount(1);
let server: ApiServer;
let url: string;

function tampering(match: string, mutate: (body: Record<string, unknown>) => void): FetchLike {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!input.includes(match)) return response;
    const body = (await response.json()) as Record<string, unknown>;
    mutate(body);
    return new Response(JSON.stringify(body), {
      status: response.status,
      headers: { 'content-type': 'application/json' },
    });
  };
}

before(async () => {
  const { ledger } = await testLedger([alice], undefined, undefined, {
    governance: {
      mode: 'consortium',
      params: defaultGovernanceParams(),
      stake: [{ holder: alice.address, entity: 'alice-org', weight: 10n }],
      members: [alice.address],
      maintainers: [alice.address],
      constitution: { hash: new Uint8Array(32), url: '' },
      treasury: 5000n,
      development: false,
    },
  });
  server = createApiServer({ service: ledger, logger: false });
  url = await server.listen({ port: 0 });
  await createClient({ url }).submitTxs([
    signedTx(
      alice,
      [
        {
          type: 'gov.propose',
          title: 'hello',
          text: '',
          deposit: 1_000_000n,
          action: { type: 'signal' },
        },
      ],
      { nonce: 0 },
    ),
  ]);
  await ledger.produceBlock();
});

after(async () => {
  await server.close();
});

test('a proved proposal verifies and is rebuilt from the proved bytes', async () => {
  const lying = tampering('/v1/governance/proposals/1', (body) => {
    (body['proposal'] as Record<string, unknown>)['title'] = 'forged';
  });
  const doc = await createClient({ url, fetch: lying }).proposal(1, { prove: true });
  assert.equal((doc['proposal'] as { title: string }).title, 'hello');
  const capture = await createClient({ url }).capture({ prove: true });
  assert.equal((capture['capture'] as { height: number }).height, 1);
});

test('changed bytes or a claim of absence are rejected', async () => {
  const changed = tampering('/v1/governance/proposals/1', (body) => {
    const encoded = Buffer.from(body['encoded'] as string, 'base64');
    encoded[encoded.length - 1] = (encoded[encoded.length - 1] ?? 0) ^ 1;
    body['encoded'] = encoded.toString('base64');
  });
  const absent = tampering('/v1/governance/capture', (body) => {
    body['encoded'] = null;
  });
  for (const read of [
    () => createClient({ url, fetch: changed }).proposal(1, { prove: true }),
    () => createClient({ url, fetch: absent }).capture({ prove: true }),
  ]) {
    await assert.rejects(read(), (error: unknown) => isPolityError(error, 'proof_invalid'));
  }
});

// Every route's answer matches its shape, on both sides of the wire: for an example request of
// each route against a real ledger (a public chain with governance and staking), the value the
// handler produced is checked against the route's response shape before serialisation (a field
// added to a conversion but not to the shape fails here, and so does one added to the shape
// only), the served JSON is that value exactly (nothing dropped by serialisation), and the typed
// client's call validates and returns it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { addressOf, formatAddress } from '../crypto/index.ts';
import { toBase64, utf8 } from '../lib/index.ts';
import { defaultGovernanceParams } from '../execution/index.ts';
import { signedTx, testAccount, testLedger, testSigner } from '../../test/support/chain.ts';
import { createCaller, type CallInput } from './client/call.ts';
import { createHttp } from './client/http.ts';
import { createApiServer, type ApiServer } from './index.ts';
import { blockSpecs } from './blocks/specs.ts';
import { routeModules } from './routes/index.ts';
import type { RouteSpec } from './routes/route.ts';
import { commonComponents } from './shapes/common.ts';

const alice = testAccount(1);
const bob = testAccount(2);
const aliceText = formatAddress(alice.address);
const bobText = formatAddress(bob.address);
const validator = testSigner(0xee);
const validatorText = formatAddress(addressOf(validator.publicKey));

const components: Record<string, TSchema> = Object.fromEntries(
  [...commonComponents, ...routeModules.flatMap((m) => m.components)].map((c) => [
    c.name,
    c.schema,
  ]),
);
const specs = routeModules.flatMap((m) => Object.values(m.specs));
const byId = (operationId: string): RouteSpec => {
  const spec = specs.find((s) => s.operationId === operationId);
  assert.ok(spec, operationId);
  return spec;
};

interface Produced {
  readonly url: string;
  readonly method: string;
  readonly status: number;
  readonly payload: unknown;
}

let server: ApiServer;
let url: string;
let txHash = '';
const produced: Produced[] = [];
// Each route's checked answer, by operationId.
const answers = new Map<string, unknown>();

before(async () => {
  const { ledger } = await testLedger([alice, bob], undefined, validator, {
    governance: {
      mode: 'public',
      params: defaultGovernanceParams(),
      stake: [],
      members: [alice.address],
      maintainers: [alice.address],
      constitution: { hash: new Uint8Array(32), url: '' },
      treasury: 5000n,
      development: false,
    },
  });
  server = createApiServer({ service: ledger, logger: false });
  // What each handler produced, before Fastify serialised it with the route's shape.
  server.app.addHook('preSerialization', (request, reply, payload, done) => {
    produced.push({
      url: request.routeOptions.url ?? '',
      method: request.method,
      status: reply.statusCode,
      payload,
    });
    done(null, payload);
  });
  url = await server.listen({ port: 0 });
  const results = await ledger.submitTxs([
    signedTx(
      alice,
      [
        { type: 'transfer', to: bob.address, amount: 5n },
        { type: 'record.put', key: 'note', value: utf8('hi'), contentType: 'text/plain' },
        {
          type: 'gov.propose',
          title: 't',
          text: '',
          deposit: 1_000_000n,
          action: { type: 'signal' },
        },
      ],
      { nonce: 0 },
    ),
    signedTx(
      bob,
      [{ type: 'stake.delegate', validator: addressOf(validator.publicKey), amount: 1_000_000n }],
      { nonce: 0 },
    ),
  ]);
  assert.ok(
    results.every((r) => r.accepted),
    JSON.stringify(results.map((r) => r.accepted)),
  );
  await ledger.produceBlock();
  await ledger.submitTxs([
    signedTx(
      alice,
      [{ type: 'gov.vote', proposal: 1, chamber: 'members', choice: 'yes', candidates: [] }],
      { nonce: 1 },
    ),
  ]);
  await ledger.produceBlock();
  const first = results[0];
  assert.ok(first?.accepted);
  txHash = Buffer.from(first.hash).toString('hex');
});

after(async () => {
  await server.close();
});

// One example request per route (the event stream is covered by client.test.ts).
function examples(): readonly { readonly id: string; readonly input: CallInput<RouteSpec> }[] {
  const prove = { query: { prove: true } };
  return [
    { id: 'getHealth', input: {} },
    { id: 'getStatus', input: {} },
    { id: 'getValidators', input: { query: { height: 1 } } },
    { id: 'submitTxs', input: { body: { txs: ['AAAA'] } } },
    // One transaction answers 200 only when accepted (a refusal is an error answer).
    {
      id: 'submitTx',
      input: {
        body: {
          tx: toBase64(
            signedTx(bob, [{ type: 'transfer', to: alice.address, amount: 1n }], { nonce: 1 }),
          ),
        },
      },
    },
    { id: 'getTx', input: { params: { hash: txHash } } },
    { id: 'getLatestBlock', input: {} },
    { id: 'getBlock', input: { params: { height: 2 } } },
    { id: 'getBlockByHash', input: { params: { hash: '' } } },
    { id: 'listBlocks', input: { query: { limit: 2 } } },
    { id: 'getAccount', input: { params: { address: aliceText }, ...prove } },
    { id: 'listAccountRecords', input: { params: { address: aliceText } } },
    { id: 'getRecord', input: { params: { address: aliceText, key: 'note' }, ...prove } },
    { id: 'getRecordHistory', input: { params: { address: aliceText, key: 'note' } } },
    { id: 'getGovernance', input: prove },
    { id: 'listProposals', input: {} },
    { id: 'getProposal', input: { params: { id: 1 }, ...prove } },
    {
      id: 'getBallot',
      input: { params: { id: 1, chamber: 'members', address: aliceText }, ...prove },
    },
    { id: 'getChambers', input: {} },
    { id: 'getCapture', input: prove },
    { id: 'listCaptureHistory', input: {} },
    { id: 'getStaking', input: {} },
    { id: 'getStakeValidator', input: { params: { address: validatorText }, ...prove } },
    { id: 'getDelegator', input: { params: { address: bobText } } },
  ];
}

test('every route has an example', () => {
  const covered = new Set(examples().map((e) => e.id));
  const missing = specs
    .map((s) => s.operationId)
    .filter((id) => id !== 'streamEvents' && !covered.has(id));
  assert.deepEqual(missing, []);
});

test("every route's answer matches its shape before and after serialisation", async () => {
  const caller = createCaller(
    createHttp(url, (i, init) => fetch(i, init), 10_000),
    components,
  );
  const latest = await caller.call(blockSpecs.latest);
  for (const { id, input } of examples()) {
    const spec = byId(id);
    const filled = id === 'getBlockByHash' ? { params: { hash: latest.hash } } : input;
    produced.length = 0;
    // The typed client's call checks the served JSON against the same shape.
    const served = await caller.call(spec, filled);
    const answer = produced.find((p) => p.url === spec.url && p.method === spec.method);
    assert.ok(answer, `${id} produced an answer`);
    const shape = answer.status === 200 ? spec.response : spec.otherResponses?.[answer.status];
    assert.ok(shape, `${id} answered ${answer.status}`);
    const errors = [...Value.Errors(components, shape, answer.payload)].map(
      (e) => `${e.instancePath} ${e.message}`,
    );
    assert.deepEqual(errors, [], `${id}: the handler's value matches the shape`);
    assert.deepEqual(served, JSON.parse(JSON.stringify(answer.payload)), `${id}: nothing dropped`);
    answers.set(id, served);
  }
  // The examples exercise the optional parts: a live count, a proof, a delegation, a message.
  assert.match(JSON.stringify(answers.get('getProposal')), /"tally":\{"outcome"/);
  assert.match(JSON.stringify(answers.get('getRecord')), /"proof":\{"state"/);
  assert.match(JSON.stringify(answers.get('getDelegator')), /"delegations":\[\{/);
  assert.match(JSON.stringify(answers.get('getTx')), /"type":"gov.propose"/);
});

test('a field the shape does not have fails the check', () => {
  const spec = byId('getStatus');
  const status = answers.get('getStatus');
  assert.equal(Value.Check(components, spec.response, status), true);
  assert.equal(Value.Check(components, spec.response, { ...(status as object), extra: 1 }), false);
});

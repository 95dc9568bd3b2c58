// The HTTP API over real HTTP on 127.0.0.1: every route's happy path through the real client, and
// every error code and status through plain fetch (so the wire format itself is checked).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { formatAddress } from '../crypto/index.ts';
import { isPolityError, toBase64, utf8 } from '../lib/index.ts';
import {
  signedTx,
  testAccount,
  testLedger,
  whileProducing,
  type TestLedger,
} from '../../test/support/chain.ts';
import { createClient, type Client } from './client/index.ts';
import { createApiServer, type ApiServer } from './index.ts';

const alice = testAccount(1);
const bob = testAccount(2);
const aliceText = formatAddress(alice.address);
const bobText = formatAddress(bob.address);
const nobody = formatAddress(testAccount(3).address);

let ledger: TestLedger;
let server: ApiServer;
let url: string;
let client: Client;

async function raw(
  path: string,
  init?: RequestInit,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url + path, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function post(
  path: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return raw(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => isPolityError(error, code));
}

before(async () => {
  ({ ledger } = await testLedger([alice, bob]));
  server = createApiServer({ service: ledger, logger: false });
  url = await server.listen({ port: 0 });
  client = createClient({ url });
  // Block 2: a transfer and two records (one key needs URL encoding).
  const results = await whileProducing(ledger, () =>
    client.submitTxs(
      [
        signedTx(
          alice,
          [
            { type: 'transfer', to: bob.address, amount: 500n },
            {
              type: 'record.put',
              key: 'docs/a b',
              value: utf8('hello'),
              contentType: 'text/plain',
            },
            { type: 'record.put', key: 'zeta', value: utf8('z'), contentType: 'text/plain' },
          ],
          { nonce: 0 },
        ),
      ],
      { wait: 'commit', timeoutMs: 5_000 },
    ),
  );
  assert.equal(results[0]?.status, 'committed');
});

after(async () => {
  await server.close();
});

describe('happy paths', () => {
  test('health, status, validators', async () => {
    assert.deepEqual((await raw('/health')).body, { ok: true });
    const status = await client.status();
    assert.equal(status.chainId, 'test-chain');
    assert.equal(status.latestHeight, 2);
    assert.equal(status.minGasPrice, '1');
    const validators = await client.validators();
    assert.equal(validators.validators.length, 1);
    assert.match(validators.validatorsHash, /^[0-9a-f]{64}$/);
  });

  test('submitTx without waiting is pending, then committed', async () => {
    const tx = signedTx(bob, [{ type: 'transfer', to: alice.address, amount: 1n }], { nonce: 0 });
    const result = await client.submitTx(tx);
    assert.equal(result.status, 'pending');
    const pending = await raw(`/v1/txs/${result.hash ?? ''}`);
    assert.equal(pending.status, 202);
    assert.deepEqual(pending.body, { status: 'pending', hash: result.hash });
    await ledger.produceBlock();
    const got = await client.getTx(result.hash ?? '');
    assert.equal(got.status, 'committed');
    assert.equal(got.tx.body.sender, bobText);
    assert.deepEqual(got.tx.body.messages, [{ type: 'transfer', to: aliceText, amount: '1' }]);
    assert.equal(got.raw, toBase64(tx));
    assert.equal(got.receipt.status, 0);
    assert.notEqual(got.commit, null);
  });

  test('POST /v1/tx submits one and waits for the commit', async () => {
    const tx = toBase64(signedTx(alice, [{ type: 'record.delete', key: 'zeta' }], { nonce: 1 }));
    const { status, body } = await whileProducing(ledger, () =>
      post('/v1/tx', { tx, wait: 'commit', timeoutMs: 5_000 }),
    );
    assert.equal(status, 200);
    const [result] = body['results'] as {
      status: string;
      height: number;
      receipt: { status: number; code: string };
    }[];
    assert.equal(result?.status, 'committed');
    // A successful receipt has status 0 and an empty code.
    assert.deepEqual([result.receipt.status, result.receipt.code], [0, '']);
  });

  test('per-tx rejections are results, not request errors', async () => {
    const wrongChain = signedTx(alice, [{ type: 'transfer', to: bob.address, amount: 1n }], {
      nonce: 9,
      chainId: 'other',
    });
    const gap = signedTx(alice, [{ type: 'transfer', to: bob.address, amount: 1n }], {
      nonce: 9,
    });
    const results = await client.submitTxs([wrongChain, gap, Uint8Array.of(1, 2, 3)]);
    assert.equal(results[0]?.status, 'rejected');
    assert.equal(results[0].code, 'wrong_chain_id');
    // A rejection after the stateless checks carries the tx hash; undecodable bytes have none.
    assert.equal(results[1]?.status, 'rejected');
    assert.equal(results[1].code, 'nonce_gap');
    assert.match(results[1].hash ?? '', /^[0-9a-f]{64}$/);
    assert.equal(results[2]?.status, 'rejected');
    assert.equal(results[2].hash, null);
  });

  test('blocks: latest, by height, by hash, listing', async () => {
    const latest = await client.getBlock('latest');
    const byHeight = await client.getBlock(latest.header.height);
    const byHash = await client.getBlock(latest.hash);
    assert.deepEqual(byHeight, latest);
    assert.deepEqual(byHash, latest);
    const two = await client.getBlock(2);
    assert.equal(two.txs.length, 1);
    assert.notEqual(two.lastCommit, null);
    assert.equal(two.evidenceCount, 0);
    const page = await client.listBlocks({ limit: 2 });
    assert.deepEqual(
      page.blocks.map((b) => b.header.height),
      [latest.header.height, latest.header.height - 1],
    );
    assert.equal(page.nextBefore, latest.header.height - 1);
    const rest = await client.listBlocks({ before: page.nextBefore, limit: 100 });
    assert.equal(rest.blocks.at(-1)?.header.height, 1);
    assert.equal(rest.nextBefore, null);
  });

  test('accounts: existing and never-seen, with and without proof', async () => {
    const plain = await client.getAccount(bobText);
    assert.equal(plain.exists, true);
    assert.equal(plain.proof, undefined);
    const proved = await client.getAccount(aliceText, { prove: true });
    assert.equal(proved.nonce, 2);
    assert.notEqual(proved.publicKey, null);
    assert.ok(proved.proof);
    const absent = await client.getAccount(nobody, { prove: true });
    assert.deepEqual(
      [absent.exists, absent.balance, absent.nonce, absent.publicKey],
      [false, '0', 0, null],
    );
    assert.equal(await client.nextNonce(aliceText), 2);
  });

  test('records: value, absence, listing, history', async () => {
    const record = await client.getRecord(aliceText, 'docs/a b', { prove: true });
    assert.equal(record.record?.value, toBase64(utf8('hello')));
    assert.equal(record.record.version, 1);
    const deleted = await client.getRecord(aliceText, 'zeta', { prove: true });
    assert.equal(deleted.record, null);
    const keys = await client.listRecords(aliceText, { limit: 1 });
    assert.deepEqual(keys, { owner: aliceText, keys: ['docs/a b'], nextAfter: 'docs/a b' });
    assert.deepEqual((await client.listRecords(aliceText, { after: 'docs/a b' })).keys, []);
    const history = await client.recordHistory(aliceText, 'zeta');
    assert.deepEqual(
      history.changes.map((c) => [c.op, c.value]),
      [
        ['delete', null],
        ['put', toBase64(utf8('z'))],
      ],
    );
    const first = await client.recordHistory(aliceText, 'zeta', { limit: 1 });
    assert.match(first.nextBefore ?? '', /^\d+\.\d+\.\d+$/);
    const second = await client.recordHistory(aliceText, 'zeta', {
      limit: 1,
      before: first.nextBefore!,
    });
    assert.deepEqual(second.changes, history.changes.slice(1, 2));
    await assert.rejects(
      client.recordHistory(aliceText, 'zeta', { before: 'yesterday' }),
      (e: unknown) => e instanceof Error && 'code' in e && e.code === 'invalid_cursor',
    );
  });
});

describe('errors', () => {
  const cases: readonly [string, string, number, string][] = [
    ['bad address', '/v1/accounts/pol1notanaddress', 400, 'invalid_address'],
    [
      'bad checksum',
      `/v1/accounts/${aliceText.slice(0, -1)}${aliceText.endsWith('q') ? 'p' : 'q'}`,
      400,
      'invalid_address',
    ],
    ['bad hash', '/v1/txs/xyz', 400, 'invalid_hash'],
    ['bad block hash', '/v1/blocks/hash/12', 400, 'invalid_hash'],
    ['bad height', '/v1/blocks/abc', 400, 'invalid_height'],
    ['zero height', '/v1/blocks/0', 400, 'invalid_height'],
    ['limit too big', '/v1/blocks?limit=101', 400, 'invalid_limit'],
    ['limit zero', `/v1/accounts/${aliceText}/records?limit=0`, 400, 'invalid_limit'],
    ['unknown tx', `/v1/txs/${'ab'.repeat(32)}`, 404, 'tx_not_found'],
    ['unknown block', '/v1/blocks/999', 404, 'block_not_found'],
    ['unknown block hash', `/v1/blocks/hash/${'cd'.repeat(32)}`, 404, 'block_not_found'],
    ['unknown route', '/v1/nothing', 404, 'route_not_found'],
  ];
  for (const [name, path, status, code] of cases) {
    test(`${name} → ${status} ${code}`, async () => {
      const got = await raw(path);
      assert.equal(got.status, status);
      assert.equal(got.body['code'], code);
      assert.equal(typeof got.body['message'], 'string');
      assert.deepEqual(Object.keys(got.body).sort(), ['code', 'message']);
    });
  }

  test('bad base64 → 400 invalid_base64', async () => {
    const got = await post('/v1/txs', { txs: ['not base64!'] });
    assert.deepEqual([got.status, got.body['code']], [400, 'invalid_base64']);
  });

  test('malformed bodies → 400 invalid_request', async () => {
    for (const body of [
      {},
      { txs: [] },
      { txs: ['AAAA'], wait: 'forever' },
      { txs: ['AAAA'], timeoutMs: 999_999 },
    ]) {
      const got = await post('/v1/txs', body);
      assert.deepEqual(
        [got.status, got.body['code']],
        [400, 'invalid_request'],
        JSON.stringify(body),
      );
    }
    const notJson = await raw('/v1/txs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    assert.deepEqual([notJson.status, notJson.body['code']], [400, 'invalid_request']);
  });

  test('oversize body → 413 body_too_large', async () => {
    const big = await post('/v1/tx', { tx: 'A'.repeat(200 * 1024) });
    assert.deepEqual([big.status, big.body['code']], [413, 'body_too_large']);
    const small = createApiServer({ service: ledger, logger: false, bodyLimitBytes: 1024 });
    const smallUrl = await small.listen({ port: 0 });
    try {
      const response = await fetch(`${smallUrl}/v1/txs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ txs: ['AAAA'.repeat(400)] }),
      });
      assert.equal(response.status, 413);
      assert.equal(((await response.json()) as { code: string }).code, 'body_too_large');
    } finally {
      await small.close();
    }
  });

  test('internal failures → 500 internal, no stack or message leaked', async () => {
    const logged: unknown[] = [];
    const broken = createApiServer({
      service: {
        ...ledger,
        status: () => {
          throw new Error('secret detail');
        },
      },
      logger: { debug: () => undefined, error: (fields) => logged.push(fields) },
    });
    const brokenUrl = await broken.listen({ port: 0 });
    try {
      const response = await fetch(`${brokenUrl}/v1/status`);
      const text = await response.text();
      assert.equal(response.status, 500);
      assert.equal((JSON.parse(text) as { code: string }).code, 'internal');
      assert.doesNotMatch(text, /secret|at /);
      assert.equal(logged.length, 1);
    } finally {
      await broken.close();
    }
  });

  test('client: server errors keep their code, unreachable nodes say how to check', async () => {
    await expectCode(client.getBlock(999), 'block_not_found');
    await expectCode(client.getTx('zz'), 'invalid_hash');
    await expectCode(client.getAccount('pol1nope'), 'invalid_address');
    const gone = createApiServer({ service: ledger, logger: false });
    const goneUrl = await gone.listen({ port: 0 });
    await gone.close();
    const error = await createClient({ url: goneUrl, timeoutMs: 2_000 })
      .status()
      .catch((e: unknown) => e);
    assert.ok(isPolityError(error, 'node_unreachable'));
    assert.ok(
      error.message.includes(goneUrl) && error.message.includes(`polity status --node ${goneUrl}`),
    );
  });
});

test('the OpenAPI document lists every route', async () => {
  const doc = (await raw('/openapi.json')).body as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
  };
  assert.match(doc.openapi, /^3\./);
  const expected: readonly [string, string][] = [
    ['/health', 'get'],
    ['/v1/status', 'get'],
    ['/v1/validators', 'get'],
    ['/v1/events', 'get'],
    ['/v1/txs', 'post'],
    ['/v1/tx', 'post'],
    ['/v1/txs/{hash}', 'get'],
    ['/v1/blocks', 'get'],
    ['/v1/blocks/latest', 'get'],
    ['/v1/blocks/{height}', 'get'],
    ['/v1/blocks/hash/{hash}', 'get'],
    ['/v1/accounts/{address}', 'get'],
    ['/v1/accounts/{address}/records', 'get'],
    ['/v1/records/{address}/{key}', 'get'],
    ['/v1/records/{address}/{key}/history', 'get'],
    ['/v1/governance', 'get'],
    ['/v1/governance/proposals', 'get'],
    ['/v1/governance/proposals/{id}', 'get'],
    ['/v1/governance/proposals/{id}/ballots/{chamber}/{address}', 'get'],
    ['/v1/governance/chambers', 'get'],
    ['/v1/governance/capture', 'get'],
    ['/v1/governance/capture/history', 'get'],
    ['/v1/staking', 'get'],
    ['/v1/staking/validators/{address}', 'get'],
    ['/v1/staking/delegators/{address}', 'get'],
  ];
  for (const [path, method] of expected) assert.ok(doc.paths[path]?.[method], `${method} ${path}`);
  assert.equal(Object.keys(doc.paths).length, expected.length);
});

// The API an attacker meets: every route of /openapi.json walked with malformed input (bad path
// encodings, over-long and non-canonical parameters, wrong types, unknown query parameters,
// oversized and malformed bodies, oversized URLs and headers) over real HTTP on 127.0.0.1, against
// a real ledger on in-memory storage. Every answer must be a 4xx in the API's error shape
// `{ code, message }`, with a code the OpenAPI document declares for that operation and status.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { formatAddress } from '../crypto/index.ts';
import { errorSpecOf, toBase64 } from '../lib/index.ts';
import { signedTx, testAccount, testLedger, type TestLedger } from '../../test/support/chain.ts';
import { createApiServer, type ApiServer } from './index.ts';

const alice = testAccount(1);
const aliceText = formatAddress(alice.address);

let ledger: TestLedger;
let server: ApiServer;
let base: URL;

interface Answer {
  readonly status: number;
  readonly text: string;
}

// Plain node:http, so that paths go on the wire exactly as written (fetch would normalise them).
function send(
  path: string,
  init: {
    readonly method?: string;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: string;
  } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        path,
        method: init.method ?? 'GET',
        headers: { connection: 'close', ...init.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, text });
        });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

function postJson(path: string, body: string, contentType = 'application/json'): Promise<Answer> {
  return send(path, { method: 'POST', headers: { 'content-type': contentType }, body });
}

interface Operation {
  readonly path: string;
  readonly method: string;
  readonly parameters?: readonly { readonly name: string; readonly in: string }[];
  readonly requestBody?: unknown;
  readonly responses: Readonly<Record<string, { readonly description?: string }>>;
}

let operations: Operation[] = [];

// The codes an operation documents for a status: its response description names them in backticks.
function documented(op: Operation, status: number): readonly string[] {
  const description = op.responses[String(status)]?.description ?? '';
  return [...description.matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1] ?? '');
}

// A refusal of a submitted transaction carries whatever declared code admission gave it.
function refusesTransactions(op: Operation, status: number): boolean {
  return /admission code/.test(op.responses[String(status)]?.description ?? '');
}

function expectDeclaredError(op: Operation, answer: Answer, what: string): void {
  const where = `${op.method.toUpperCase()} ${op.path} with ${what}: ${answer.status} ${answer.text.slice(0, 300)}`;
  assert.ok(answer.status >= 400 && answer.status < 500, `a 4xx answer: ${where}`);
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    assert.fail(`a JSON body: ${where}`);
  }
  assert.ok(typeof body === 'object' && body !== null, where);
  assert.deepEqual(Object.keys(body).sort(), ['code', 'message'], `the error shape: ${where}`);
  const { code, message } = body as { code: unknown; message: unknown };
  assert.equal(typeof code, 'string', where);
  assert.equal(typeof message, 'string', where);
  const declared =
    documented(op, answer.status).includes(code as string) ||
    (refusesTransactions(op, answer.status) && errorSpecOf(code as string) !== undefined) ||
    code === 'route_not_found';
  assert.ok(declared, `a code declared for this operation and status: ${where}`);
}

// Values for each path parameter that the route accepts, so one parameter at a time is spoiled.
const goodParams: Readonly<Record<string, string>> = {
  hash: 'ab'.repeat(32),
  height: '1',
  address: aliceText,
  key: 'k',
  id: '1',
  chamber: 'stake',
};

// Malformed values for any parameter, path or query.
const badValues: readonly [string, string][] = [
  ['a bad percent-encoding', '%FF%FE'],
  ['an over-long value', 'a'.repeat(600)],
  ['a hexadecimal number', '0x2'],
  ['a leading space', '%201'],
  ['an exponent', '1e0'],
  ['an infinite exponent', '1e400'],
  ['a sign', '%2B1'],
  ['a negative number', '-1'],
  ['a leading zero', '01'],
  ['a fraction', '1.0'],
  ['a number beyond 2^53', '9007199254740993'],
  ['a number of 30 digits', '1'.repeat(30)],
  ['a word', 'abc'],
  ['a tab', 'a%09b'],
  ['a dot-dot segment', 'a%2F..%2Fb'],
];

// Record keys accept most text; only these values break the key grammar.
const keyParams = new Set(['key', 'after']);
const badKeys = new Set(['%FF%FE', 'a'.repeat(600), 'a%09b', 'a%2F..%2Fb']);
function badValuesFor(name: string): readonly [string, string][] {
  return keyParams.has(name) ? badValues.filter(([, v]) => badKeys.has(v)) : badValues;
}

function pathWith(op: Operation, spoiled: string, value: string): string {
  return op.path.replace(/\{([A-Za-z]+)\}/g, (_, name: string) =>
    name === spoiled ? value : encodeURIComponent(goodParams[name] ?? 'x'),
  );
}

function cleanPath(op: Operation): string {
  return op.path.replace(/\{([A-Za-z]+)\}/g, (_, name: string) =>
    encodeURIComponent(goodParams[name] ?? 'x'),
  );
}

before(async () => {
  ({ ledger } = await testLedger([alice]));
  server = createApiServer({ service: ledger, logger: false });
  base = new URL(await server.listen({ port: 0 }));
  const doc = JSON.parse((await send('/openapi.json')).text) as {
    paths: Record<string, Record<string, Omit<Operation, 'path' | 'method'>>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ ...op, path, method })),
  );
  assert.ok(operations.length >= 25, 'every route is walked');
});

after(async () => {
  await server.close();
});

describe('every route answers malformed input with a declared error', () => {
  test('path parameters', async () => {
    for (const op of operations)
      for (const param of op.parameters?.filter((p) => p.in === 'path') ?? [])
        for (const [what, value] of badValuesFor(param.name)) {
          const answer = await send(pathWith(op, param.name, value));
          expectDeclaredError(op, answer, `path ${param.name} = ${what}`);
        }
  });

  test('query parameters, repeated and unknown ones', async () => {
    for (const op of operations) {
      const path = cleanPath(op);
      for (const param of op.parameters?.filter((p) => p.in === 'query') ?? []) {
        for (const [what, value] of badValuesFor(param.name)) {
          const answer = await send(`${path}?${param.name}=${value}`);
          expectDeclaredError(op, answer, `query ${param.name} = ${what}`);
        }
        const twice = await send(`${path}?${param.name}=1&${param.name}=1`);
        expectDeclaredError(op, twice, `query ${param.name} given twice`);
      }
      expectDeclaredError(op, await send(`${path}?limt=5`), 'an unknown query parameter');
      expectDeclaredError(op, await send(`${path}?%FF=1`), 'a badly encoded query name');
    }
  });

  test('bodies: not JSON, wrong media type, wrong types, unknown fields, oversized', async () => {
    const tx = toBase64(signedTx(alice, [], { nonce: 0 }));
    for (const op of operations.filter((o) => o.requestBody !== undefined)) {
      const path = cleanPath(op);
      const field = op.path === '/v1/tx' ? 'tx' : 'txs';
      const one = (value: unknown): string => JSON.stringify({ [field]: value });
      const good = field === 'tx' ? tx : [tx];
      const bodies: readonly [string, string][] = [
        ['bad JSON', '{'],
        ['an empty body', ''],
        ['a JSON array', '[]'],
        ['null', 'null'],
        ['a number for the transaction', one(5)],
        ['an object for the transaction', one({ a: 1 })],
        ['a string where an array belongs', field === 'txs' ? one(tx) : one([tx])],
        ['a string timeout', JSON.stringify({ [field]: good, timeoutMs: '5' })],
        ['a boolean timeout', JSON.stringify({ [field]: good, timeoutMs: true })],
        ['a fractional timeout', JSON.stringify({ [field]: good, timeoutMs: 1.5 })],
        ['an unknown wait', JSON.stringify({ [field]: good, wait: 'forever' })],
        ['an unknown field', JSON.stringify({ [field]: good, extra: 1 })],
        ['a prototype key', `{"${field}":${JSON.stringify(good)},"__proto__":{"x":1}}`],
        ['bad base64', one(field === 'tx' ? 'not base64!' : ['not base64!'])],
        ['an oversized body', one('A'.repeat(17 * 1024 * 1024))],
      ];
      for (const [what, body] of bodies) expectDeclaredError(op, await postJson(path, body), what);
      expectDeclaredError(
        op,
        await postJson(path, one(good), 'text/plain'),
        'a text/plain content type',
      );
    }
  });

  test('oversized URLs and headers', async () => {
    for (const op of operations) {
      const path = cleanPath(op);
      expectDeclaredError(op, await send(`${path}?x=${'a'.repeat(20_000)}`), 'a 20 kB URL');
      expectDeclaredError(
        op,
        await send(path, { headers: { 'x-padding': 'a'.repeat(20_000) } }),
        'a 20 kB header',
      );
    }
  });
});

describe('the codes of each failure', () => {
  async function codeOf(path: string): Promise<[number, string]> {
    const answer = await send(path);
    return [answer.status, (JSON.parse(answer.text) as { code: string }).code];
  }

  test('item 15: bad encodings, over-long parameters and oversized requests', async () => {
    assert.deepEqual(await codeOf('/v1/txs/%FF%FE'), [400, 'bad_url']);
    assert.deepEqual(await codeOf(`/v1/blocks/${'1'.repeat(600)}`), [414, 'param_too_long']);
    const bigHeader = await send('/v1/status', { headers: { 'x-padding': 'a'.repeat(20_000) } });
    assert.equal(bigHeader.status, 431);
    assert.equal((JSON.parse(bigHeader.text) as { code: string }).code, 'headers_too_large');
  });

  test('item 15: the longest valid record key fits a path parameter', async () => {
    const key = 'k'.repeat(128);
    const answer = await send(`/v1/records/${aliceText}/${key}`);
    assert.equal(answer.status, 200, answer.text);
  });

  test('item 16: only canonical decimal integers in range', async () => {
    for (const height of ['0x2', '%201', '1e0', '%2B1', '01', '1.0', '1e400', '9007199254740993'])
      assert.deepEqual(await codeOf(`/v1/blocks/${height}`), [400, 'invalid_height'], height);
    assert.deepEqual(await codeOf('/v1/blocks?limit=1e400'), [400, 'invalid_limit']);
    assert.deepEqual(await codeOf('/v1/validators?height=1e400'), [400, 'invalid_height']);
    assert.deepEqual(await codeOf('/v1/governance?height=1e400'), [400, 'invalid_height']);
    assert.deepEqual(await codeOf('/v1/governance/proposals/1e0'), [400, 'invalid_parameter']);
    assert.deepEqual(await codeOf('/v1/blocks?limt=5'), [400, 'invalid_parameter']);
    assert.equal((await send('/v1/blocks/1')).status, 200);
    assert.equal((await send('/v1/blocks?limit=1&before=2')).status, 200);
    assert.equal((await send('/v1/blocks?limit=100')).status, 200);
  });

  test('item 17: one refused transaction answers 4xx with its code; a batch keeps results', async () => {
    const single = await postJson('/v1/tx', JSON.stringify({ tx: 'AAAA' }));
    assert.equal(single.status, 400);
    assert.equal((JSON.parse(single.text) as { code: string }).code, 'malformed_bytes');
    const wrongChain = toBase64(
      signedTx(alice, [{ type: 'transfer', to: alice.address, amount: 1n }], {
        nonce: 0,
        chainId: 'other',
      }),
    );
    const refused = await postJson('/v1/tx', JSON.stringify({ tx: wrongChain }));
    assert.equal(refused.status, 400);
    assert.equal((JSON.parse(refused.text) as { code: string }).code, 'wrong_chain_id');
    const batch = await postJson('/v1/txs', JSON.stringify({ txs: ['AAAA', wrongChain] }));
    assert.equal(batch.status, 200);
    const { results } = JSON.parse(batch.text) as { results: { status: string; code: string }[] };
    assert.deepEqual(
      results.map((r) => [r.status, r.code]),
      [
        ['rejected', 'malformed_bytes'],
        ['rejected', 'wrong_chain_id'],
      ],
    );
  });

  test('item 18: record keys in paths follow the key grammar', async () => {
    for (const key of ['a%09b', 'a%2F..%2Fb', '.', '..', 'a%2F%2Fb', '%2Fa', 'e%CC%81'])
      assert.deepEqual(await codeOf(`/v1/records/${aliceText}/${key}`), [400, 'invalid_key'], key);
    assert.deepEqual(await codeOf(`/v1/accounts/${aliceText}/records?after=a%09b`), [
      400,
      'invalid_key',
    ]);
    // NFC "é" and a key with segments are fine.
    assert.equal((await send(`/v1/records/${aliceText}/%C3%A9`)).status, 200);
    assert.equal((await send(`/v1/records/${aliceText}/docs%2Fa%20b`)).status, 200);
  });
});

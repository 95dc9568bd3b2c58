// The OpenAPI document passes a maintained linter's recommended rules (Redocly's, run as a
// library: no network, no telemetry), every route has a unique operationId, a summary, a tag and
// documented errors in the `{ code, message }` shape, and shared shapes are named components.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BaseResolver, createConfig, lintFromString } from '@redocly/openapi-core';
import { createApiServer, type LedgerService } from './index.ts';
import { routeModules } from './routes/index.ts';

// Refuses anything outside the document: the document has only local references, and the test
// must never reach the network.
class LocalOnlyResolver extends BaseResolver {
  override loadExternalRef(ref: string): never {
    throw new Error(`the OpenAPI document refers outside itself: ${ref}`);
  }
}

// Warnings of the recommended rules that this document keeps on purpose, each with the reason.
const acceptedWarnings: Readonly<Record<string, string>> = {};

interface OpenApiDocument {
  readonly paths: Readonly<
    Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>
  >;
  readonly components: { readonly schemas: Readonly<Record<string, unknown>> };
}

async function openApiDocument(): Promise<OpenApiDocument> {
  // Generating the document reads no ledger data.
  const server = createApiServer({ service: {} as LedgerService, logger: false });
  try {
    const response = await server.app.inject('/openapi.json');
    assert.equal(response.statusCode, 200);
    const doc: OpenApiDocument = response.json();
    return doc;
  } finally {
    await server.close();
  }
}

test('the OpenAPI document passes the recommended lint rules', async () => {
  const doc = await openApiDocument();
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({
    source: JSON.stringify(doc),
    absoluteRef: 'openapi.json',
    config,
    externalRefResolver: new LocalOnlyResolver(),
  });
  const unexpected = problems.filter(
    (p) => p.severity === 'error' || acceptedWarnings[p.ruleId] === undefined,
  );
  assert.deepEqual(
    unexpected.map(
      (p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`,
    ),
    [],
  );
});

test('every route has a unique operationId, a summary, a tag and documented errors', async () => {
  const doc = await openApiDocument();
  const ids = new Set<string>();
  for (const module of routeModules)
    for (const spec of Object.values(module.specs)) {
      const path = spec.url.replace(/:([A-Za-z]+)/g, '{$1}');
      const operation = doc.paths[path]?.[spec.method.toLowerCase()];
      assert.ok(operation, `${spec.method} ${path} is documented`);
      assert.equal(operation['operationId'], spec.operationId);
      assert.ok(!ids.has(spec.operationId), `${spec.operationId} is unique`);
      ids.add(spec.operationId);
      assert.equal(typeof operation['summary'], 'string');
      assert.deepEqual(operation['tags'], [module.tag]);
      const responses = operation['responses'] as Record<string, { content?: unknown }>;
      for (const status of ['400', '500'])
        assert.deepEqual(
          responses[status]?.content,
          { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          `${spec.operationId} documents ${status} as an Error`,
        );
    }
  const operations = Object.values(doc.paths).flatMap((p) => Object.keys(p));
  assert.equal(operations.length, ids.size, 'every operation comes from a route description');
});

test('the document names its servers and licence, and every 4xx an operation can answer', async () => {
  const doc = (await openApiDocument()) as OpenApiDocument & {
    servers?: readonly { url: string }[];
    info: { license?: { name: string; identifier?: string } };
  };
  assert.match(doc.servers?.[0]?.url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.deepEqual(doc.info.license, { name: 'Apache-2.0', identifier: 'Apache-2.0' });
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [method, operation] of Object.entries(methods)) {
      const responses = operation['responses'] as Record<string, { description?: string }>;
      const expected: [string, string][] = [
        ['400', 'bad_url'],
        ['400', 'invalid_parameter'],
        ['408', 'request_timeout'],
        ['431', 'headers_too_large'],
        ['500', 'internal'],
        ['503', 'node_stopping'],
      ];
      if (path.includes('{')) expected.push(['414', 'param_too_long']);
      if (operation['requestBody'] !== undefined)
        expected.push(
          ['400', 'invalid_request'],
          ['413', 'body_too_large'],
          ['415', 'unsupported_media_type'],
        );
      for (const [status, code] of expected)
        assert.match(
          responses[status]?.description ?? '',
          new RegExp(`\`${code}\``),
          `${method.toUpperCase()} ${path} documents ${status} ${code}`,
        );
    }
});

test('shared shapes are named components', async () => {
  const doc = await openApiDocument();
  for (const name of [
    'Error',
    'Header',
    'Commit',
    'Block',
    'Proof',
    'Account',
    'SignedTx',
    'Message',
    'Proposal',
    'ProposalAction',
    'ChamberResult',
    'Capture',
    'GovernanceState',
    'GovernanceParams',
    'StakeValidator',
  ])
    assert.ok(doc.components.schemas[name], `components.schemas.${name}`);
  assert.deepEqual(
    Object.keys(doc.components.schemas).filter((n) => n.startsWith('def-')),
    [],
    'no unnamed components',
  );
});

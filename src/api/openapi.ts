// The OpenAPI document's frame: title, version, licence, server, tags, and component names taken
// from the shapes' `$id`s (so `components.schemas` reads Header, Block, Proposal, … rather than
// generated names). The paths and schemas come from the routes themselves.
import type { SwaggerOptions } from '@fastify/swagger';
import type { RouteModule } from './routes/context.ts';

/** Options of @fastify/swagger for the API. */
export function openApiOptions(version: string, modules: readonly RouteModule[]): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Polity node API',
        version,
        description:
          'Errors are always { code, message } with a declared code (docs/spec/errors.md). Hashes hex, addresses bech32m (pol1…), amounts decimal strings, raw bytes base64.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: 'http://127.0.0.1:26657', description: 'a local node (the CLI default)' }],
      tags: modules.map((m) => ({ name: m.tag, description: m.description })),
      // Every route is public: reads of public data and submissions of signed transactions.
      security: [],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json['$id'] === 'string' ? json['$id'] : `def-${i}`,
    },
  };
}

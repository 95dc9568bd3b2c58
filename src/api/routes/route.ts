// One route, described once as data: method, path, operation id, documentation, the shapes of its
// parameters, query, body and answer, and the declared error codes it can answer with. The server
// registers it from this description (validation, serialisation, OpenAPI), the typed client calls
// it from the same description (and validates the answer against the same shape), and the tests
// walk every description.
import type { FastifyInstance, FastifyReply, FastifySchema } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static, TSchema } from 'typebox';
import { assert, errorSpecOf, type CodeRef } from '../../lib/index.ts';
import { errorShape } from '../shapes/common.ts';

/** What describes a route. */
export interface RouteSpec {
  /** Unique across the API; the typed client and the OpenAPI document name the route by it. */
  readonly operationId: string;
  readonly method: 'GET' | 'POST';
  /** The path, with `:name` parameters. */
  readonly url: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly params?: TSchema;
  readonly querystring?: TSchema;
  readonly body?: TSchema;
  /** The answer's shape (HTTP 200). */
  readonly response: TSchema;
  /** Other successful answers (a pending transaction's 202). */
  readonly otherResponses?: Readonly<Record<number, TSchema>>;
  /** The declared codes the route itself answers with (validation and internal errors are added). */
  readonly errors: readonly CodeRef[];
  /** A smaller body bound than the server's. */
  readonly bodyLimitBytes?: number;
}

/** Declares a route, keeping its literal shapes for the types derived from them. */
export function defineRoute<const S extends RouteSpec>(spec: S): S {
  return spec;
}

type StaticOr<S, Otherwise> = S extends TSchema ? Static<S> : Otherwise;

/** The validated input of a route. */
export interface RouteInput<S extends RouteSpec> {
  readonly params: StaticOr<S['params'], Record<string, never>>;
  readonly query: StaticOr<S['querystring'], Record<string, never>>;
  readonly body: StaticOr<S['body'], undefined>;
}

/** The successful answers of a route. */
export type RouteOutput<S extends RouteSpec> =
  | Static<S['response']>
  | (S['otherResponses'] extends Readonly<Record<number, infer O>>
      ? O extends TSchema
        ? Static<O>
        : never
      : never);

// Every route may fail validation (400) and fail unexpectedly (500).
const alwaysCodes = ['invalid_request', 'internal'] as const;

/** The documented error answers of a route: one per status, listing the codes it may carry. */
export function errorResponses(spec: RouteSpec): Record<number, TSchema> {
  const byStatus = new Map<number, string[]>();
  for (const ref of [...spec.errors, ...alwaysCodes]) {
    const code = typeof ref === 'string' ? ref : ref.code;
    const declared = errorSpecOf(code);
    assert(
      declared !== undefined,
      `route ${spec.operationId} answers with declared codes (${code})`,
    );
    const codes = byStatus.get(declared.status) ?? [];
    if (!codes.includes(code)) codes.push(code);
    byStatus.set(declared.status, codes);
  }
  const out: Record<number, TSchema> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b))
    out[status] = { ...errorShape.ref, description: codes.map((c) => `\`${c}\``).join(', ') };
  return out;
}

/** The Fastify schema of a route (what validation, serialisation and OpenAPI read). */
export function fastifySchema(spec: RouteSpec): FastifySchema {
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    tags: [spec.tag],
    ...(spec.params === undefined ? {} : { params: spec.params }),
    ...(spec.querystring === undefined ? {} : { querystring: spec.querystring }),
    ...(spec.body === undefined ? {} : { body: spec.body }),
    response: {
      200: { ...spec.response, description: spec.summary },
      ...spec.otherResponses,
      ...errorResponses(spec),
    },
  };
}

/** Registers `spec` on `app` with its handler. */
export function handle<const S extends RouteSpec>(
  app: FastifyInstance,
  spec: S,
  handler: (input: RouteInput<S>, reply: FastifyReply) => RouteOutput<S> | Promise<RouteOutput<S>>,
): void {
  app.withTypeProvider<TypeBoxTypeProvider>().route({
    method: spec.method,
    url: spec.url,
    schema: fastifySchema(spec),
    ...(spec.bodyLimitBytes === undefined ? {} : { bodyLimit: spec.bodyLimitBytes }),
    // Fastify validated params, query and body against the same shapes before this runs.
    handler: (request, reply) =>
      handler(
        { params: request.params, query: request.query, body: request.body } as RouteInput<S>,
        reply,
      ),
  });
}

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
import { object } from '../shapes/shape.ts';
import { errorCodeOf } from '../validation.ts';

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
  /**
   * Whether a refused transaction is answered as an error with admission's own code (any declared
   * code of a kind a refusal can have), documented per status.
   */
  readonly refusesTransactions?: boolean;
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

// What any request may meet before or around its route: a badly encoded path, an unknown query
// parameter, a request line and headers over Node's limit or not received in time, unreadable HTTP,
// a node shutting down, an unexpected failure.
const alwaysCodes = [
  'bad_url',
  'invalid_parameter',
  'bad_http_request',
  'request_timeout',
  'headers_too_large',
  'node_stopping',
  'internal',
] as const;
// A route with path parameters may meet the router's bound on their length.
const pathCodes = ['param_too_long'] as const;
// A route with a body may be sent one too large, of another media type, or not matching its shape.
const bodyCodes = ['invalid_request', 'body_too_large', 'unsupported_media_type'] as const;
// The statuses a refused transaction can have: every kind but internal.
const refusalStatuses = [400, 401, 404, 409, 413, 503] as const;

// The codes the shapes of a route's path and query parameters give their bad values.
function parameterCodes(spec: RouteSpec): string[] {
  const codes: string[] = [];
  for (const part of [spec.params, spec.querystring]) {
    const properties = (part as { properties?: Record<string, TSchema> } | undefined)?.properties;
    for (const schema of Object.values(properties ?? {})) codes.push(errorCodeOf(schema));
  }
  return codes;
}

/** Every declared code a route may answer with, before any refusal of a transaction. */
export function routeErrorCodes(spec: RouteSpec): string[] {
  const refs = [
    ...spec.errors,
    ...parameterCodes(spec),
    ...(spec.params === undefined ? [] : pathCodes),
    ...(spec.body === undefined ? [] : bodyCodes),
    ...alwaysCodes,
  ];
  return [...new Set(refs.map((ref) => (typeof ref === 'string' ? ref : ref.code)))];
}

/** The documented error answers of a route: one per status, listing the codes it may carry. */
export function errorResponses(spec: RouteSpec): Record<number, TSchema> {
  const byStatus = new Map<number, string[]>();
  for (const code of routeErrorCodes(spec)) {
    const declared = errorSpecOf(code);
    assert(
      declared !== undefined,
      `route ${spec.operationId} answers with declared codes (${code})`,
    );
    const codes = byStatus.get(declared.status) ?? [];
    if (!codes.includes(code)) codes.push(code);
    byStatus.set(declared.status, codes);
  }
  if (spec.refusesTransactions === true)
    for (const status of refusalStatuses) byStatus.set(status, byStatus.get(status) ?? []);
  const out: Record<number, TSchema> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const listed = codes.map((c) => `\`${c}\``).join(', ');
    const refusal =
      spec.refusesTransactions === true && (refusalStatuses as readonly number[]).includes(status)
        ? "a refused transaction's admission code (docs/spec/errors.md)"
        : '';
    out[status] = {
      ...errorShape.ref,
      description: [listed, refusal].filter((d) => d !== '').join('; or '),
    };
  }
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
    // A route without query parameters still refuses unknown ones (validation.ts).
    querystring: spec.querystring ?? object({}),
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

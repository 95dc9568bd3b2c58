// The client's one validated boundary: a call names a route description (the same one the server
// registers), fills its path, query and body, and checks the node's answer against the route's
// response shape before returning it typed. An answer that does not match is refused with
// `bad_response`, so nothing downstream relies on a shape the node did not keep.
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { apiErrors } from '../errors.ts';
import type { RouteOutput, RouteSpec } from '../routes/route.ts';
import type { Http } from './http.ts';

type Part<S, Fallback> = S extends TSchema ? Static<S> : Fallback;

/** What a call supplies: the route's path parameters, query and body. */
export interface CallInput<S extends RouteSpec> {
  readonly params?: Part<S['params'], undefined>;
  readonly query?: Partial<Part<S['querystring'], Record<string, never>>>;
  readonly body?: Part<S['body'], undefined>;
  /** Longer than the client's default, for submissions that wait for a commit. */
  readonly timeoutMs?: number;
}

/** Calls routes by their descriptions. */
export interface Caller {
  call<const S extends RouteSpec>(spec: S, input?: CallInput<S>): Promise<RouteOutput<S>>;
}

function path(spec: RouteSpec, params: Readonly<Record<string, unknown>> | undefined): string {
  return spec.url.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params?.[name];
    return encodeURIComponent(typeof value === 'string' || typeof value === 'number' ? value : '');
  });
}

/** A caller over `http`, resolving `$ref`s among `components` (name → schema). */
export function createCaller(http: Http, components: Readonly<Record<string, TSchema>>): Caller {
  return {
    async call<const S extends RouteSpec>(spec: S, input: CallInput<S> = {}) {
      const { status, body } = await http.request({
        method: spec.method,
        path: path(spec, input.params),
        ...(input.query === undefined ? {} : { query: input.query }),
        ...(input.body === undefined ? {} : { body: input.body }),
        ...(input.timeoutMs === undefined ? {} : { timeoutMs: input.timeoutMs }),
      });
      const shape = status === 200 ? spec.response : spec.otherResponses?.[status];
      if (shape === undefined)
        throw apiErrors.bad_response({
          url: http.baseUrl,
          problem: `${spec.operationId} answered HTTP ${status}`,
        });
      if (!Value.Check(components, shape, body)) {
        const [first] = Value.Errors(components, shape, body);
        throw apiErrors.bad_response({
          url: http.baseUrl,
          problem: `${spec.operationId}: ${first?.instancePath ?? ''} ${first?.message ?? 'does not match its shape'}`,
        });
      }
      return body as RouteOutput<S>;
    },
  };
}

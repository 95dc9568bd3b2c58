// The client's transport: one JSON request over fetch with a timeout, server errors turned back
// into PolityErrors carrying the server's code, network failures into `node_unreachable`.
import { isPolityError, remoteError, type PolityError } from '../../lib/index.ts';
import { apiErrors, kindOfStatus } from '../errors.ts';

/** The fetch function the client uses (global fetch by default; tests and browsers may pass theirs). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** One JSON request. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  readonly timeoutMs?: number;
}

/** A JSON transport bound to one node URL. */
export interface Http {
  readonly baseUrl: string;
  /** Resolves to the parsed JSON body and the status (2xx only; anything else throws). */
  request(req: HttpRequest): Promise<{ readonly status: number; readonly body: unknown }>;
  /** A streaming GET; the caller reads `response.body`. */
  stream(path: string, signal: AbortSignal): Promise<Response>;
}

/** Builds the error thrown when the node cannot be reached. */
export function unreachable(baseUrl: string, cause: unknown, timeoutMs: number): PolityError {
  const timedOut =
    cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
  const what = timedOut ? `did not answer within ${timeoutMs} ms` : 'could not be reached';
  return apiErrors.node_unreachable({ url: baseUrl, what });
}

/** Turns a non-2xx response into the server's typed error (its code, message and kind). */
export async function errorFromResponse(response: Response): Promise<PolityError> {
  const kind = kindOfStatus(response.status);
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    parsed = undefined;
  }
  if (typeof parsed === 'object' && parsed !== null) {
    const { code, message } = parsed as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && typeof message === 'string')
      return remoteError(code, message, kind);
  }
  return apiErrors.http_error({ status: response.status });
}

/** Creates the transport. */
export function createHttp(url: string, fetchImpl: FetchLike, timeoutMsDefault: number): Http {
  const baseUrl = url.replace(/\/+$/, '');
  const target = (path: string, query: HttpRequest['query']): string => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return `${baseUrl}${path}${qs === '' ? '' : `?${qs}`}`;
  };

  return {
    baseUrl,
    async request(req: HttpRequest) {
      const timeoutMs = req.timeoutMs ?? timeoutMsDefault;
      let response: Response;
      try {
        response = await fetchImpl(target(req.path, req.query), {
          method: req.method,
          headers:
            req.body === undefined
              ? { accept: 'application/json' }
              : { accept: 'application/json', 'content-type': 'application/json' },
          ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw unreachable(baseUrl, error, timeoutMs);
      }
      if (!response.ok) throw await errorFromResponse(response);
      try {
        return { status: response.status, body: await response.json() };
      } catch (error) {
        if (isPolityError(error)) throw error;
        throw apiErrors.bad_response({ url: baseUrl, problem: 'the answer is not JSON' });
      }
    },
    async stream(path, signal) {
      let response: Response;
      try {
        response = await fetchImpl(`${baseUrl}${path}`, {
          headers: { accept: 'text/event-stream' },
          signal,
        });
      } catch (error) {
        throw unreachable(baseUrl, error, timeoutMsDefault);
      }
      if (!response.ok) throw await errorFromResponse(response);
      return response;
    },
  };
}

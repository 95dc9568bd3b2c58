// The HTTP API server: Fastify with a TypeBox shape on every route, an OpenAPI document generated
// from those shapes (shared shapes as named components), typed `{ code, message }` errors with
// declared codes, and live events. It only translates HTTP/JSON to calls on a LedgerService and
// back; it holds no ledger state of its own.
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { recordKeyBytesMax } from '../execution/index.ts';
import type { PolityError } from '../lib/index.ts';
import { statusOf, toApiError, apiErrors } from './errors.ts';
import { createEventHub, eventHubDefaults, type EventHubOptions } from './events.ts';
import { openApiOptions } from './openapi.ts';
import { bodyBytesMaxDefault, pageSizeMax, pathParamCharsMax } from './params.ts';
import { routeModules } from './routes/index.ts';
import type { LedgerService } from './service.ts';
import { commonComponents } from './shapes/common.ts';
import { createValidatorCompiler } from './validation.ts';
/** The structured logger the server writes to (the node's Logger port and pino both fit). */
export interface ApiLogger {
  debug(fields: Readonly<Record<string, unknown>>, message: string): void;
  error(fields: Readonly<Record<string, unknown>>, message: string): void;
}

/** Options of createApiServer. */
export interface ApiServerOptions {
  readonly service: LedgerService;
  /** Where request and failure lines go; false or absent for none. */
  readonly logger?: ApiLogger | false;
  /** Largest request body; default 16 MiB (a batch of 2,000 transactions). */
  readonly bodyLimitBytes?: number;
  /** Bounds of the live event stream. */
  readonly events?: Partial<EventHubOptions>;
  /** Longest time to receive one request (slow senders are cut off); default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Version shown in the OpenAPI document. */
  readonly apiVersion?: string;
}

/** A created (not yet listening) API server. */
export interface ApiServer {
  readonly app: FastifyInstance;
  /** Listens on `host` (default 127.0.0.1) and `port` (0 = any); resolves to the base URL. */
  listen(options: { readonly host?: string; readonly port: number }): Promise<string>;
  /** Ends event streams, stops accepting requests and waits for in-flight ones. */
  close(): Promise<void>;
}

function sendError(reply: FastifyReply, error: PolityError): void {
  void reply.code(statusOf(error)).send({ code: error.code, message: error.message });
}

// Failures Node's HTTP parser meets before Fastify sees a request (headers over the size Node
// reads, a request not received in time, bytes that are not HTTP) are answered on the socket
// itself, in the same `{ code, message }` shape.
function answerClientError(
  error: Error & { readonly code?: string },
  socket: Duplex,
  requestTimeoutMs: number,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const typed =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? apiErrors.headers_too_large({ max: maxHeaderSize })
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? apiErrors.request_timeout({ ms: requestTimeoutMs })
        : apiErrors.bad_http_request({ problem: (error.code ?? 'unreadable').slice(0, 40) });
  const status = statusOf(typed);
  const body = JSON.stringify({ code: typed.code, message: typed.message });
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  // end(), not destroy(): the client gets to read the answer before the connection closes.
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

// Whether the query part of `url` is valid percent-encoded UTF-8.
function wellEncodedQuery(url: string): boolean {
  const start = url.indexOf('?');
  if (start < 0) return true;
  try {
    decodeURIComponent(url.slice(start + 1));
    return true;
  } catch {
    return false;
  }
}

/** Builds the API server over `service`. */
export function createApiServer(options: ApiServerOptions): ApiServer {
  const log = options.logger === false ? undefined : options.logger;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const bounds = { pageSizeMax, recordKeyBytesMax };
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes ?? bodyBytesMaxDefault,
    requestTimeout: requestTimeoutMs,
    // A request arriving while the server closes is answered by the onRequest hook below, in the
    // API's error shape (Fastify's own 503 has another).
    return503OnClosing: false,
    // On shutdown, close every connection (keep-alive ones included) instead of waiting for them.
    forceCloseConnections: true,
    // Long enough for every valid parameter (a record key of the longest size, decoded), so only
    // nonsense meets the router's limit, which then answers param_too_long.
    routerOptions: { maxParamLength: pathParamCharsMax },
    // What the router cannot match: bad percent-encoding, an over-long segment.
    frameworkErrors: (error, _request, reply) => {
      sendError(
        reply,
        error.code === 'FST_ERR_BAD_URL'
          ? apiErrors.bad_url()
          : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
            ? apiErrors.param_too_long({ max: pathParamCharsMax })
            : apiErrors.internal(),
      );
    },
    clientErrorHandler: (error, socket) => {
      answerClientError(error, socket, requestTimeoutMs);
    },
  });
  const hub = createEventHub(options.service, { ...eventHubDefaults, ...options.events });
  let closing = false;

  // Shared shapes once, by name: validation and serialisation resolve their `$ref`s, and the
  // OpenAPI document lists them under components.schemas.
  const components = [...commonComponents, ...routeModules.flatMap((m) => m.components)];
  app.setValidatorCompiler(
    createValidatorCompiler(Object.fromEntries(components.map((c) => [c.name, c.schema])), bounds),
  );

  app.addHook('onRequest', (request, reply, done) => {
    if (closing) {
      void reply.header('connection', 'close');
      sendError(reply, apiErrors.node_stopping());
      return;
    }
    // The router refuses a badly encoded path; the query parser would keep a bad escape as text.
    if (!wellEncodedQuery(request.url)) {
      sendError(reply, apiErrors.bad_url());
      return;
    }
    done();
  });

  app.setErrorHandler((error, request, reply) => {
    const typed = toApiError(error);
    if (typed.kind === 'internal') {
      // The detail goes to the operator's log, never to the client.
      log?.error(
        {
          method: request.method,
          url: request.url,
          error: String(error),
          stack: (error as Error).stack,
        },
        'request failed',
      );
    }
    sendError(reply, typed);
  });

  app.setNotFoundHandler((request, reply) => {
    sendError(
      reply,
      apiErrors.route_not_found({
        method: request.method,
        path: (request.url.split('?')[0] ?? '').slice(0, 200),
      }),
    );
  });

  if (log !== undefined) {
    app.addHook('onResponse', (request, reply, done) => {
      log.debug(
        {
          method: request.method,
          url: request.url,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        'request',
      );
      done();
    });
  }

  app.addHook('preClose', (done) => {
    closing = true;
    hub.close();
    done();
  });

  for (const component of components) app.addSchema(component.schema);
  void app.register(swagger, openApiOptions(options.apiVersion ?? '1', routeModules));

  // Routes go in a plugin registered after swagger, so swagger's onRoute hook sees every one.
  void app.register((instance, _opts, done) => {
    const context = { app: instance, service: options.service, hub };
    for (const module of routeModules) module.register(context);
    instance.get('/openapi.json', { schema: { hide: true } }, () => instance.swagger());
    done();
  });

  return {
    app,
    async listen({ host = '127.0.0.1', port }) {
      return app.listen({ host, port });
    },
    close: () => app.close(),
  };
}

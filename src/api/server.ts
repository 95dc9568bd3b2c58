// The HTTP API server: Fastify with a TypeBox shape on every route, an OpenAPI document generated
// from those shapes (shared shapes as named components), typed `{ code, message }` errors with
// declared codes, and live events. It only translates HTTP/JSON to calls on a LedgerService and
// back; it holds no ledger state of its own.
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { recordKeyBytesMax } from '../execution/index.ts';
import { statusOf, toApiError, apiErrors } from './errors.ts';
import { createEventHub, eventHubDefaults, type EventHubOptions } from './events.ts';
import { openApiOptions } from './openapi.ts';
import { bodyBytesMaxDefault, pageSizeMax } from './params.ts';
import { routeModules } from './routes/index.ts';
import type { LedgerService } from './service.ts';
import { commonComponents } from './shapes/common.ts';
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

/** Builds the API server over `service`. */
export function createApiServer(options: ApiServerOptions): ApiServer {
  const log = options.logger === false ? undefined : options.logger;
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes ?? bodyBytesMaxDefault,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    return503OnClosing: true,
    // On shutdown, close every connection (keep-alive ones included) instead of waiting for them.
    forceCloseConnections: true,
  });
  const hub = createEventHub(options.service, { ...eventHubDefaults, ...options.events });

  app.setErrorHandler((error, request, reply) => {
    const input = { ...(request.params as object), ...(request.query as object) };
    const typed = toApiError(error, input, { pageSizeMax, recordKeyBytesMax });
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
    void reply.code(statusOf(typed)).send({ code: typed.code, message: typed.message });
  });

  app.setNotFoundHandler((request, reply) => {
    const notFound = apiErrors.route_not_found({
      method: request.method,
      path: (request.url.split('?')[0] ?? '').slice(0, 200),
    });
    void reply.code(statusOf(notFound)).send({ code: notFound.code, message: notFound.message });
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
    hub.close();
    done();
  });

  // Shared shapes once, by name: validation and serialisation resolve their `$ref`s, and the
  // OpenAPI document lists them under components.schemas.
  for (const component of [...commonComponents, ...routeModules.flatMap((m) => m.components)])
    app.addSchema(component.schema);
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

// The HTTP API server: fastify with a schema on every route, an OpenAPI document generated from
// those schemas, typed `{ code, message }` errors, and live events. It only translates HTTP/JSON
// to calls on a LedgerService and back; it holds no ledger state of its own.
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { createEventHub, eventHubDefaults, type EventHubOptions } from './events.ts';
import { toApiError } from './errors.ts';
import { bodyBytesMaxDefault } from './params.ts';
import { registerBlockRoutes } from './routes/blocks.ts';
import { registerGovernanceRoutes } from './routes/governance.ts';
import { registerNodeRoutes } from './routes/node.ts';
import { registerStakingRoutes } from './routes/staking.ts';
import { registerStateRoutes } from './routes/state.ts';
import { registerTxRoutes } from './routes/txs.ts';
import type { LedgerService } from './service.ts';

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
    const { status, body, internal } = toApiError(error);
    if (internal) {
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
    void reply.code(status).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({
      code: 'route_not_found',
      message: `No route ${request.method} ${request.url.split('?')[0] ?? ''}; GET /openapi.json lists every route.`,
    });
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

  void app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Polity node API',
        version: options.apiVersion ?? '1',
        description:
          'Errors are always { code, message }. Hashes hex, addresses bech32m (pol1…), amounts decimal strings, raw bytes base64.',
      },
    },
  });

  // Routes go in a plugin registered after swagger, so swagger's onRoute hook sees every one.
  void app.register((instance, _opts, done) => {
    const context = { app: instance, service: options.service, hub };
    registerNodeRoutes(context);
    registerTxRoutes(context);
    registerBlockRoutes(context);
    registerStateRoutes(context);
    registerGovernanceRoutes(context);
    registerStakingRoutes(context);
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

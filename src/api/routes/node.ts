// Node routes: status, validators, health and the live event stream.
import { polityError } from '../../lib/index.ts';
import type { HealthJson } from '../json.ts';
import {
  errorSchema,
  healthSchema,
  responses,
  schemaParts,
  statusSchema,
  validatorsSchema,
} from '../schemas.ts';
import { statusToJson, validatorsToJson } from '../toJson.ts';
import type { RouteContext } from './context.ts';

const { obj } = schemaParts;
const heightSchema = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER };

/** GET /health, /v1/status, /v1/validators, /v1/events. */
export function registerNodeRoutes({ app, service, hub }: RouteContext): void {
  app.get(
    '/health',
    { schema: { summary: 'Liveness', tags: ['node'], response: { 200: healthSchema } } },
    (): HealthJson => ({ ok: true }),
  );

  app.get(
    '/v1/status',
    {
      schema: {
        summary: 'Node and chain status',
        tags: ['node'],
        response: responses(statusSchema),
      },
    },
    () => statusToJson(service.status()),
  );

  app.get<{ Querystring: { height?: number } }>(
    '/v1/validators',
    {
      schema: {
        summary: 'The validator set and its hash',
        description:
          'The set that signs the latest height, or with `height` the set that signs that height (known up to the latest height + 2: changes take effect two blocks after the block that made them). Light clients use it with headers and commits.',
        tags: ['node'],
        querystring: obj({ height: heightSchema }, ['height']),
        response: responses(validatorsSchema),
      },
    },
    (request) => {
      const height = request.query.height;
      if (height === undefined) return validatorsToJson(service.validators());
      const set = service.validatorsAt(height);
      if (set === undefined) {
        throw polityError(
          'validators_not_found',
          'not_found',
          `No validator set is known for height ${height}: it must be between 1 and the latest height + 2.`,
        );
      }
      return validatorsToJson(set);
    },
  );

  app.get(
    '/v1/events',
    {
      // A HEAD request would open a stream no one reads.
      exposeHeadRoute: false,
      schema: {
        summary: 'Live events (server-sent events)',
        description:
          'A text/event-stream of `event: block` (data {height, hash, timeMs, txCount}) and `event: tx` (data {hash, height, index, ok, code}). Answers 503 too_many_subscribers when full; a subscriber that does not keep up is disconnected.',
        tags: ['node'],
        response: {
          200: {
            description: 'An endless event stream',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          503: errorSchema,
        },
      },
    },
    (request, reply) => {
      if (hub.subscriberCount >= hub.capacity) {
        throw polityError(
          'too_many_subscribers',
          'unavailable',
          'This node serves the most event subscribers it allows; retry later or poll /v1/blocks.',
        );
      }
      // The hub re-checks the bound in attach(); checking here first gives the ordinary error path.
      // From here the raw response is ours; fastify neither serialises nor ends it.
      reply.hijack();
      if (!hub.attach(reply.raw)) {
        reply.raw.writeHead(503, { 'content-type': 'application/json' });
        reply.raw.end(
          JSON.stringify({
            code: 'too_many_subscribers',
            message: 'Event subscribers are full; retry later.',
          }),
        );
      }
      request.raw.on('close', () => reply.raw.end());
    },
  );
}

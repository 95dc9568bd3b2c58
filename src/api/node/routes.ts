// Node routes: status, validators, health and the live event stream.
import { apiErrors } from '../errors.ts';
import type { RouteModule } from '../routes/context.ts';
import { errorResponses, fastifySchema, handle } from '../routes/route.ts';
import { validatorsToJson } from '../shapes/chainJson.ts';
import { nodeComponents, nodeSpecs } from './specs.ts';
import { statusToJson } from './toJson.ts';

/** GET /health, /v1/status, /v1/validators, /v1/events. */
export const nodeRoutes: RouteModule = {
  tag: 'node',
  description: 'Liveness, status, the validator set and live events.',
  components: nodeComponents,
  specs: nodeSpecs,
  register({ app, service, hub }) {
    handle(app, nodeSpecs.health, () => ({ ok: true }) as const);
    handle(app, nodeSpecs.status, () => statusToJson(service.status()));
    handle(app, nodeSpecs.validators, ({ query }) => {
      if (query.height === undefined) return validatorsToJson(service.validators());
      const set = service.validatorsAt(query.height);
      if (set === undefined) throw apiErrors.validators_not_found({ height: query.height });
      return validatorsToJson(set);
    });
    const events = nodeSpecs.events;
    app.route({
      method: 'GET',
      url: events.url,
      // A HEAD request would open a stream no one reads.
      exposeHeadRoute: false,
      schema: {
        ...fastifySchema(events),
        response: {
          200: {
            description: events.summary,
            content: { 'text/event-stream': { schema: events.response } },
          },
          ...errorResponses(events),
        },
      },
      handler: (request, reply) => {
        if (hub.subscriberCount >= hub.capacity) throw apiErrors.too_many_subscribers();
        // The hub re-checks the bound in attach(); checking here first gives the ordinary error
        // path. From here the raw response is ours; Fastify neither serialises nor ends it.
        reply.hijack();
        if (!hub.attach(reply.raw)) {
          const full = apiErrors.too_many_subscribers();
          reply.raw.writeHead(503, { 'content-type': 'application/json' });
          reply.raw.end(JSON.stringify({ code: full.code, message: full.message }));
        }
        request.raw.on('close', () => reply.raw.end());
      },
    });
  },
};

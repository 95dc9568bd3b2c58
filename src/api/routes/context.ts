// What every route module receives: the ledger and the event hub.
import type { FastifyInstance } from 'fastify';
import type { EventHub } from '../events.ts';
import type { LedgerService } from '../service.ts';

/** Shared by the route modules. */
export interface RouteContext {
  readonly app: FastifyInstance;
  readonly service: LedgerService;
  readonly hub: EventHub;
}

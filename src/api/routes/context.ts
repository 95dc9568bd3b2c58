// What every route module is and receives: the ledger and the event hub, and for the server its
// shapes (registered once as components) and its route descriptions.
import type { FastifyInstance } from 'fastify';
import type { EventHub } from '../events.ts';
import type { LedgerService } from '../service.ts';
import type { AnyComponent } from '../shapes/shape.ts';
import type { RouteSpec } from './route.ts';

/** Shared by the route modules. */
export interface RouteContext {
  readonly app: FastifyInstance;
  readonly service: LedgerService;
  readonly hub: EventHub;
}

/** One module of routes: its components, its route descriptions and their handlers. */
export interface RouteModule {
  /** The OpenAPI tag of its routes. */
  readonly tag: string;
  /** What the tag groups, for the OpenAPI document. */
  readonly description: string;
  readonly components: readonly AnyComponent[];
  readonly specs: Readonly<Record<string, RouteSpec>>;
  /** Registers a handler for every one of `specs`. */
  register(context: RouteContext): void;
}

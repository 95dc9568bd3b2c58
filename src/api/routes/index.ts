// Every route module of the API, once. The server registers their components and routes from
// this list, the OpenAPI document and the tests read it; a new module is a folder beside the
// others (specs, routes, JSON conversions, client methods) and one line here.
import { blockRoutes } from '../blocks/routes.ts';
import { governanceRoutes } from '../governance/routes.ts';
import { nodeRoutes } from '../node/routes.ts';
import { stakingRoutes } from '../staking/routes.ts';
import { stateRoutes } from '../state/routes.ts';
import { txRoutes } from '../txs/routes.ts';
import type { RouteModule } from './context.ts';

/** The API's route modules, in the order of the OpenAPI document. */
export const routeModules: readonly RouteModule[] = [
  nodeRoutes,
  txRoutes,
  blockRoutes,
  stateRoutes,
  governanceRoutes,
  stakingRoutes,
];

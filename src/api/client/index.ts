// The typed client of the node's HTTP API ("polity/client"), used by the CLI, the explorer and the
// tests. Each route module contributes its methods (one line each below); every answer is checked
// against its route's shape before it is returned typed, and proved reads are verified here,
// against validators the caller trusts, before returning.
import type { TSchema } from 'typebox';
import type { Validator } from '../../types/index.ts';
import { blockClient, type BlockClient } from '../blocks/client.ts';
import { governanceClient, type GovernanceClient } from '../governance/client.ts';
import { validatorFromJson } from '../fromJson.ts';
import { nodeClient, type NodeClient } from '../node/client.ts';
import { routeModules } from '../routes/index.ts';
import { commonComponents } from '../shapes/common.ts';
import { stakingClient, type StakingClient } from '../staking/client.ts';
import { stateClient, type StateClient } from '../state/client.ts';
import { txClient, type TxClient } from '../txs/client.ts';
import { createCaller } from './call.ts';
import type { ClientContext } from './context.ts';
import { createHttp, type FetchLike } from './http.ts';
import { nodeSpecs } from '../node/specs.ts';

export type * from '../json.ts';
export type { FetchLike } from './http.ts';
export type { SubscribeHandlers, Subscription } from './events.ts';
export type { BlockRef } from '../blocks/client.ts';
export type { GovReadOptions } from '../governance/client.ts';
export type { SubmitOptions } from '../txs/client.ts';
export {
  verifyAccount,
  verifyBlock,
  verifyHeaderCommit,
  verifyRecord,
  verifyTx,
  type Trust,
  type TrustedHeaderHash,
} from './verify.ts';
export { headerFromJson, validatorFromJson } from '../fromJson.ts';
export {
  createLightClient,
  type LightClient,
  type TrustedCheckpoint,
  type VerifiedHeader,
} from './light.ts';

/** Options of createClient. */
export interface ClientOptions {
  /** The node's API base URL, e.g. http://127.0.0.1:26657. */
  readonly url: string;
  readonly fetch?: FetchLike;
  /** Per-request timeout; default 10 s (waits for commits get their wait time on top). */
  readonly timeoutMs?: number;
  /** Validators to verify commits against; by default fetched once from the node and cached. */
  readonly trustedValidators?: readonly Validator[];
  /** When set, proofs from another chain are rejected. */
  readonly chainId?: string;
}

/** The typed client: the methods of every route module. */
export type Client = NodeClient &
  TxClient &
  BlockClient &
  StateClient &
  GovernanceClient &
  StakingClient;

const timeoutMsDefault = 10_000;

// Every named shape, by name, for resolving `$ref`s when answers are checked.
const components: Readonly<Record<string, TSchema>> = Object.fromEntries(
  [...commonComponents, ...routeModules.flatMap((m) => m.components)].map((c) => [
    c.name,
    c.schema,
  ]),
);

/** Creates a client for the node at `options.url`. */
export function createClient(options: ClientOptions): Client {
  const timeoutMs = options.timeoutMs ?? timeoutMsDefault;
  const http = createHttp(
    options.url,
    options.fetch ?? ((input, init) => fetch(input, init)),
    timeoutMs,
  );
  const caller = createCaller(http, components);
  let validatorsCache: Promise<readonly Validator[]> | undefined;
  const ctx: ClientContext = {
    call: (spec, input) => caller.call(spec, input),
    http,
    timeoutMs,
    chainId: options.chainId,
    trusted() {
      if (options.trustedValidators !== undefined)
        return Promise.resolve(options.trustedValidators);
      validatorsCache ??= caller
        .call(nodeSpecs.validators)
        .then((j) => j.validators.map(validatorFromJson));
      // A failed fetch is not cached, so the next call retries.
      validatorsCache.catch(() => (validatorsCache = undefined));
      return validatorsCache;
    },
  };
  return {
    ...nodeClient(ctx),
    ...txClient(ctx),
    ...blockClient(ctx),
    ...stateClient(ctx),
    ...governanceClient(ctx),
    ...stakingClient(ctx),
  };
}

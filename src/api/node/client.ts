// The typed client's node reads: status, the validator set and live events.
import type { ClientContext } from '../client/context.ts';
import { subscribeEvents, type SubscribeHandlers, type Subscription } from '../client/events.ts';
import type { ValidatorsJson } from '../shapes/common.ts';
import { nodeSpecs, type StatusJson } from './specs.ts';

/** The node reads of the typed client. */
export interface NodeClient {
  status(): Promise<StatusJson>;
  /** The validator set of the latest height, or of `height`. */
  validators(height?: number): Promise<ValidatorsJson>;
  subscribe(handlers: SubscribeHandlers): Subscription;
}

/** The node methods over `ctx`. */
export function nodeClient(ctx: ClientContext): NodeClient {
  return {
    status: () => ctx.call(nodeSpecs.status),
    validators: (height) =>
      ctx.call(nodeSpecs.validators, { query: height === undefined ? {} : { height } }),
    subscribe: (handlers) => subscribeEvents(ctx.http, handlers),
  };
}

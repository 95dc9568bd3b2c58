// The node's routes: liveness, status, the validator set and the live event stream, with their
// shapes (the events' data shapes type the client's subscription handlers).
import { Type, type Static } from 'typebox';
import { apiErrors } from '../errors.ts';
import { defineRoute } from '../routes/route.ts';
import { validatorSetShape, validatorShape } from '../shapes/common.ts';
import {
  amount,
  component,
  count,
  hex,
  height,
  nullable,
  object,
  type JsonOfComponent,
} from '../shapes/shape.ts';

/** Node and chain status. */
export const statusShape = component(
  'Status',
  object({
    chainId: Type.String(),
    nodeVersion: Type.String(),
    mode: Type.String({ description: 'solo or bft' }),
    latestHeight: count,
    latestBlockHash: nullable(hex),
    latestBlockTimeMs: nullable(count),
    stateRoot: hex,
    mempoolTxs: count,
    mempoolBytes: count,
    validators: Type.Array(validatorShape.ref),
    minGasPrice: amount,
    halted: nullable(
      object({
        code: Type.String(),
        message: Type.String(),
        upgrade: Type.String({ description: 'the upgrade this build cannot run' }),
        version: Type.String({ description: 'the node version to start' }),
        height: count,
      }),
    ),
  }),
  "The node's chain, latest block, mempool and validators; `halted` when it stopped before an upgrade this build cannot run (it then refuses transactions with `upgrade_required`).",
);
/** Node and chain status. */
export type StatusJson = JsonOfComponent<typeof statusShape>;

const health = object({ ok: Type.Literal(true) });
/** GET /health. */
export type HealthJson = Static<typeof health>;

const blockEvent = object({ height: count, hash: hex, timeMs: count, txCount: count });
/** Data of an SSE `block` event. */
export type BlockEventJson = Static<typeof blockEvent>;
const txEvent = object({
  hash: hex,
  height: count,
  index: count,
  ok: Type.Boolean(),
  code: Type.String(),
});
/** Data of an SSE `tx` event. */
export type TxEventJson = Static<typeof txEvent>;
const proposalEvent = object({
  height: count,
  id: count,
  kind: Type.String(),
  status: Type.String(),
  title: Type.String(),
});
/** Data of an SSE `proposal` event: a proposal submitted or changing status. */
export type ProposalEventJson = Static<typeof proposalEvent>;

/** The data of each live event type, checked by the client before its handlers see it. */
export const eventShapes = { block: blockEvent, tx: txEvent, proposal: proposalEvent } as const;

/** The node's routes. */
export const nodeSpecs = {
  health: defineRoute({
    operationId: 'getHealth',
    method: 'GET',
    url: '/health',
    summary: 'Liveness',
    tag: 'node',
    response: health,
    errors: [],
  }),
  status: defineRoute({
    operationId: 'getStatus',
    method: 'GET',
    url: '/v1/status',
    summary: 'Node and chain status',
    tag: 'node',
    response: statusShape.ref,
    errors: [],
  }),
  validators: defineRoute({
    operationId: 'getValidators',
    method: 'GET',
    url: '/v1/validators',
    summary: 'The validator set and its hash',
    description:
      'The set that signs the latest height, or with `height` the set that signs that height (known up to the latest height + 2: changes take effect two blocks after the block that made them). Light clients use it with headers and commits.',
    tag: 'node',
    querystring: object({ height: Type.Optional(height) }),
    response: validatorSetShape.ref,
    errors: [apiErrors.invalid_height, apiErrors.validators_not_found],
  }),
  events: defineRoute({
    operationId: 'streamEvents',
    method: 'GET',
    url: '/v1/events',
    summary: 'Live events (server-sent events)',
    description:
      'A text/event-stream of `event: block` (data {height, hash, timeMs, txCount}), `event: tx` (data {hash, height, index, ok, code}) and `event: proposal` (data {height, id, kind, status, title}). Answers 503 too_many_subscribers when full; a subscriber that does not keep up is disconnected.',
    tag: 'node',
    response: Type.String({ description: 'an endless event stream' }),
    errors: [apiErrors.too_many_subscribers],
  }),
} as const;

/** The components of the node's routes. */
export const nodeComponents = [statusShape] as const;

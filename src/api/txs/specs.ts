// Transaction routes and shapes: submissions (one or a batch, optionally waiting for the commit),
// their per-transaction results, and a committed transaction with the proofs tying it to its block.
import { Type, type Static } from 'typebox';
import { txBytesMax } from '../../types/index.ts';
import { apiErrors } from '../errors.ts';
import {
  commitWaitMsDefault,
  commitWaitMsMax,
  singleTxBodyBytesMax,
  txsPerRequestMax,
} from '../params.ts';
import { defineRoute } from '../routes/route.ts';
import {
  commitShape,
  headerShape,
  listProofShape,
  receiptShape,
  signedTxShape,
} from '../shapes/common.ts';
import {
  base64,
  component,
  count,
  hash,
  hex,
  nullable,
  object,
  type JsonOfComponent,
} from '../shapes/shape.ts';

/** The outcome of one submitted transaction. */
export const submitResultShape = component(
  'SubmitResult',
  object({
    hash: nullable(hex),
    status: Type.Union([
      Type.Literal('pending'),
      Type.Literal('committed'),
      Type.Literal('rejected'),
    ]),
    code: Type.Optional(Type.String()),
    message: Type.Optional(Type.String()),
    height: Type.Optional(count),
    index: Type.Optional(count),
    receipt: Type.Optional(receiptShape.ref),
  }),
  'One transaction of a submission: rejected (with code and message), pending, or committed (with its receipt). hash is null only for bytes too malformed to hash as a transaction.',
);
/** The outcome of one submitted transaction. */
export type SubmitResultJson = JsonOfComponent<typeof submitResultShape>;

const submitResponse = object({ results: Type.Array(submitResultShape.ref) });
/** Response of POST /v1/txs and POST /v1/tx. */
export type SubmitResponseJson = Static<typeof submitResponse>;

/** A committed transaction with the proofs tying it to its block header. */
export const committedTxShape = component(
  'CommittedTx',
  object({
    status: Type.Literal('committed'),
    hash: hex,
    tx: signedTxShape.ref,
    raw: base64,
    height: count,
    index: count,
    receipt: receiptShape.ref,
    txProof: listProofShape.ref,
    receiptProof: listProofShape.ref,
    header: headerShape.ref,
    commit: nullable(commitShape.ref),
  }),
  'A committed transaction (decoded and raw), its receipt, its inclusion proofs under the header roots, the header and the commit finalising it.',
);
/** A committed transaction with its proofs. */
export type CommittedTxJson = JsonOfComponent<typeof committedTxShape>;

/** A transaction waiting in the mempool. */
export const pendingTxShape = component(
  'PendingTx',
  object({ status: Type.Literal('pending'), hash: hex }),
  'A transaction waiting in the mempool (answered with HTTP 202).',
);
/** A transaction waiting in the mempool. */
export type PendingTxJson = JsonOfComponent<typeof pendingTxShape>;
/** What GET /v1/txs/:hash answers. */
export type TxJson = CommittedTxJson | PendingTxJson;

const txText = Type.String({
  contentEncoding: 'base64',
  maxLength: Math.ceil(txBytesMax / 3) * 4,
  description: 'canonical tx bytes, base64',
});
const waitOptions = {
  wait: Type.Optional(
    Type.Union([Type.Literal('none'), Type.Literal('commit')], { default: 'none' }),
  ),
  timeoutMs: Type.Optional(
    Type.Integer({ minimum: 0, maximum: commitWaitMsMax, default: commitWaitMsDefault }),
  ),
};
const submitErrors = [
  apiErrors.invalid_base64,
  apiErrors.body_too_large,
  apiErrors.unsupported_media_type,
];

/** The transaction routes. */
export const txSpecs = {
  submitBatch: defineRoute({
    operationId: 'submitTxs',
    method: 'POST',
    url: '/v1/txs',
    summary: 'Submit a batch of transactions',
    description: `Up to ${txsPerRequestMax} transactions. Per-transaction rejections are results (200), not request errors. With wait=commit the answer waits up to timeoutMs for each accepted transaction; those not committed by then are "pending".`,
    tag: 'txs',
    body: object({
      txs: Type.Array(txText, { minItems: 1, maxItems: txsPerRequestMax }),
      ...waitOptions,
    }),
    response: submitResponse,
    errors: submitErrors,
  }),
  submitOne: defineRoute({
    operationId: 'submitTx',
    method: 'POST',
    url: '/v1/tx',
    summary: 'Submit one transaction',
    description:
      'A refused transaction is answered as an error with the code admission gave it (docs/spec/errors.md): 400, 401, 404, 409 or 413 by its kind, 503 when the pool is full. An accepted one answers 200 with its one result (pending, or with wait=commit committed).',
    tag: 'txs',
    body: object({ tx: txText, ...waitOptions }),
    response: submitResponse,
    errors: submitErrors,
    refusesTransactions: true,
    bodyLimitBytes: singleTxBodyBytesMax,
  }),
  get: defineRoute({
    operationId: 'getTx',
    method: 'GET',
    url: '/v1/txs/:hash',
    summary: 'A committed transaction with its inclusion proofs',
    description:
      'A transaction still in the mempool answers 202 with status "pending"; an unknown one 404 tx_not_found.',
    tag: 'txs',
    params: object({ hash }),
    response: committedTxShape.ref,
    otherResponses: { 202: pendingTxShape.ref },
    errors: [apiErrors.invalid_hash, apiErrors.tx_not_found],
  }),
} as const;

/** The components of the transaction routes. */
export const txComponents = [submitResultShape, committedTxShape, pendingTxShape] as const;

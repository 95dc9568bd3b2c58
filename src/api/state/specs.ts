// Account and record routes and shapes. Absence is an answer, not an error: a never-seen account
// reads as empty and a missing record as `record: null`, both 200, so that the proof of absence
// travels in the ordinary response.
import { Type } from 'typebox';
import { recordKeyBytesMax } from '../../execution/index.ts';
import { cryptoErrors } from '../../crypto/index.ts';
import { apiErrors } from '../errors.ts';
import { limit } from '../blocks/specs.ts';
import { defineRoute } from '../routes/route.ts';
import { withErrorCode } from '../validation.ts';
import { proofShape, publicKeyShape } from '../shapes/common.ts';
import {
  address,
  amount,
  base64,
  component,
  count,
  hex,
  nullable,
  object,
  type JsonOfComponent,
} from '../shapes/shape.ts';

/** An account at a height. */
export const accountShape = component(
  'Account',
  object({
    address,
    exists: Type.Boolean(),
    balance: amount,
    nonce: Type.Integer({ minimum: 0, description: 'committed nonce: the one the proof covers' }),
    pendingNonce: Type.Integer({
      minimum: 0,
      description: 'the nonce a new transaction needs now, counting those in the mempool',
    }),
    publicKey: nullable(publicKeyShape.ref),
    height: count,
    proof: Type.Optional(proofShape.ref),
  }),
  'An account at `height`; a never-seen account has exists false, balance "0", nonce 0.',
);
/** An account at a height. */
export type AccountJson = JsonOfComponent<typeof accountShape>;

/** A record's value and metadata. */
export const recordEntryShape = component(
  'RecordEntry',
  object({
    value: base64,
    contentType: Type.String(),
    createdHeight: count,
    updatedHeight: count,
    version: count,
    lastTxHash: hex,
  }),
  "A record's value (base64) and metadata.",
);
/** A record's value and metadata. */
export type RecordEntryJson = JsonOfComponent<typeof recordEntryShape>;

/** A record at a height. */
export const recordShape = component(
  'Record',
  object({
    owner: address,
    key: Type.String(),
    record: nullable(recordEntryShape.ref),
    height: count,
    proof: Type.Optional(proofShape.ref),
  }),
  'A record at `height`; record null when absent (the proof then proves absence).',
);
/** A record at a height. */
export type RecordJson = JsonOfComponent<typeof recordShape>;

/** A page of record keys in key order. */
export const recordKeysShape = component(
  'RecordKeys',
  object({ owner: address, keys: Type.Array(Type.String()), nextAfter: nullable(Type.String()) }),
  'Keys of the records an account owns, in key order; nextAfter continues the listing.',
);
/** A page of record keys. */
export type RecordKeysJson = JsonOfComponent<typeof recordKeysShape>;

/** A page of a record's changes, newest first. */
export const recordHistoryShape = component(
  'RecordHistory',
  object({
    owner: address,
    key: Type.String(),
    changes: Type.Array(
      object({
        height: count,
        txHash: hex,
        op: Type.Union([Type.Literal('put'), Type.Literal('delete')]),
        value: nullable(base64),
        contentType: nullable(Type.String()),
      }),
    ),
    nextBefore: nullable(Type.String()),
  }),
  "A record's changes, newest first; nextBefore (a cursor) continues the listing.",
);
/** A page of a record's changes. */
export type RecordHistoryJson = JsonOfComponent<typeof recordHistoryShape>;
/** One change of a record. */
export type RecordChangeJson = RecordHistoryJson['changes'][number];

// A key of at most recordKeyBytesMax bytes has at most as many characters; its grammar
// (docs/spec/encoding.md) is checked by the handler.
const key = withErrorCode(
  Type.String({
    minLength: 1,
    maxLength: recordKeyBytesMax,
    description: 'record key (URL-encoded in paths)',
  }),
  'invalid_key',
);
const historyCursor = withErrorCode(
  Type.String({
    maxLength: 40,
    description: 'a height, or the nextBefore of the previous page',
  }),
  'invalid_cursor',
);
const prove = Type.Optional(Type.Boolean({ default: false }));

/** The account and record routes. */
export const stateSpecs = {
  account: defineRoute({
    operationId: 'getAccount',
    method: 'GET',
    url: '/v1/accounts/:address',
    summary: 'An account, optionally proved',
    description:
      'A never-seen account answers exists=false, balance "0", nonce 0 (with prove=true, a proof of absence).',
    tag: 'state',
    params: object({ address }),
    querystring: object({ prove }),
    response: accountShape.ref,
    errors: [cryptoErrors.invalid_address],
  }),
  recordKeys: defineRoute({
    operationId: 'listAccountRecords',
    method: 'GET',
    url: '/v1/accounts/:address/records',
    summary: 'Keys of the records an account owns, in key order',
    tag: 'state',
    params: object({ address }),
    querystring: object({ after: Type.Optional(key), limit: Type.Optional(limit) }),
    response: recordKeysShape.ref,
    errors: [cryptoErrors.invalid_address, apiErrors.invalid_key, apiErrors.invalid_limit],
  }),
  record: defineRoute({
    operationId: 'getRecord',
    method: 'GET',
    url: '/v1/records/:address/:key',
    summary: 'A record, optionally proved',
    description:
      'A missing record answers 200 with record=null (with prove=true, a proof of absence).',
    tag: 'state',
    params: object({ address, key }),
    querystring: object({ prove }),
    response: recordShape.ref,
    errors: [cryptoErrors.invalid_address, apiErrors.invalid_key],
  }),
  recordHistory: defineRoute({
    operationId: 'getRecordHistory',
    method: 'GET',
    url: '/v1/records/:address/:key/history',
    summary: 'Changes of a record, newest first',
    description:
      'Changes strictly before `before`: a height (`42`) or a position (`42.3.0` = height, tx index, change within the tx). Continue with before=nextBefore.',
    tag: 'state',
    params: object({ address, key }),
    querystring: object({ before: Type.Optional(historyCursor), limit: Type.Optional(limit) }),
    response: recordHistoryShape.ref,
    errors: [
      cryptoErrors.invalid_address,
      apiErrors.invalid_key,
      apiErrors.invalid_cursor,
      apiErrors.invalid_limit,
    ],
  }),
} as const;

/** The components of the state routes. */
export const stateComponents = [
  accountShape,
  recordEntryShape,
  recordShape,
  recordKeysShape,
  recordHistoryShape,
] as const;

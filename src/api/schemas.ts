// JSON Schemas of every request and response (json.ts in schema form). Fastify validates input
// with them, serialises output with them (fields not in a schema are never sent), and
// @fastify/swagger turns them into the OpenAPI document.
import { addressPrefix } from '../crypto/index.ts';

/** A JSON Schema object (kept loose: fastify and swagger take plain objects). */
export type Schema = Readonly<Record<string, unknown>>;

const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer', minimum: 0 };
const bool: Schema = { type: 'boolean' };

/** Lower-case or upper-case hex of 32 bytes. */
export const hashSchema: Schema = {
  type: 'string',
  pattern: '^[0-9a-fA-F]{64}$',
  description: '32-byte hash, hex',
};
/** bech32m address; the checksum is checked by the handler. */
export const addressSchema: Schema = {
  type: 'string',
  pattern: `^${addressPrefix}1[02-9ac-hj-np-z]{6,86}$`,
  maxLength: 90,
  description: 'bech32m address (pol1…)',
};
const hex: Schema = { type: 'string', description: 'hex' };
const amount: Schema = { type: 'string', pattern: '^[0-9]+$', description: 'decimal amount' };
const base64: Schema = { type: 'string', description: 'base64' };

function obj(properties: Record<string, Schema>, optional: readonly string[] = []): Schema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    additionalProperties: false,
  };
}

function nullable(schema: Schema): Schema {
  const type = schema['type'];
  return { ...schema, type: [type, 'null'] };
}

function arr(items: Schema, maxItems?: number): Schema {
  return maxItems === undefined ? { type: 'array', items } : { type: 'array', items, maxItems };
}

/** Every error body. */
export const errorSchema: Schema = obj({ code: str, message: str });

const keySchema = obj({ scheme: str, publicKey: hex });
const validatorSchema = obj({ address: str, scheme: str, publicKey: hex, power: int });
export const validatorsSchema: Schema = obj({
  validators: arr(validatorSchema),
  validatorsHash: hex,
});

export const headerSchema: Schema = obj({
  version: int,
  chainId: str,
  height: int,
  timeMs: int,
  prevHash: hex,
  lastCommitHash: hex,
  txRoot: hex,
  receiptsRoot: hex,
  evidenceRoot: hex,
  stateRoot: hex,
  validatorsHash: hex,
  nextValidatorsHash: hex,
  proposer: str,
});

const commitSchema = obj({
  height: int,
  round: int,
  blockHash: hex,
  signatures: arr(obj({ validator: str, timeMs: int, scheme: str, signature: hex })),
});

export const blockSchema: Schema = obj({
  hash: hex,
  header: headerSchema,
  txs: arr(hex),
  lastCommit: nullable(commitSchema),
  commit: nullable(commitSchema),
  evidenceCount: int,
  evidence: arr(
    obj({
      type: str,
      validator: str,
      height: int,
      round: int,
      voteType: str,
      blockHashA: nullable(hex),
      blockHashB: nullable(hex),
    }),
  ),
});

export const blockPageSchema: Schema = obj({
  blocks: arr(obj({ hash: hex, header: headerSchema, txCount: int })),
  nextBefore: nullable(int),
});

const messageSchema: Schema = {
  type: 'object',
  description:
    'transfer {to, amount} | record.put {key, value, contentType} | record.delete {key} | validators.update {updates} | gov.propose {title, text, deposit, action} | gov.deposit {proposal, amount} | gov.vote {proposal, chamber, choice, candidates} | gov.delegate {chamber, to} | stake.create-validator {publicKey, moniker, commissionBps, amount} | stake.delegate/undelegate {validator, amount} | stake.withdraw {} | stake.unjail {validator}',
  properties: {
    type: {
      type: 'string',
      enum: [
        'transfer',
        'record.put',
        'record.delete',
        'validators.update',
        'gov.propose',
        'gov.deposit',
        'gov.vote',
        'gov.delegate',
        'stake.create-validator',
        'stake.delegate',
        'stake.undelegate',
        'stake.withdraw',
        'stake.unjail',
      ],
    },
    publicKey: { type: 'object', additionalProperties: true },
    moniker: str,
    commissionBps: int,
    validator: str,
    title: str,
    text: str,
    deposit: amount,
    action: { type: 'object', additionalProperties: true },
    proposal: int,
    chamber: str,
    choice: str,
    candidates: arr(str),
    to: nullable(str),
    amount,
    key: str,
    value: base64,
    contentType: str,
    updates: arr(obj({ scheme: str, publicKey: hex, power: int })),
  },
  required: ['type'],
  additionalProperties: false,
};

const signedTxSchema = obj({
  body: obj({
    chainId: str,
    sender: str,
    nonce: int,
    fee: amount,
    gasLimit: int,
    messages: arr(messageSchema),
    memo: str,
  }),
  signer: keySchema,
  signature: hex,
});

const receiptSchema = obj({
  txHash: hex,
  status: int,
  code: str,
  message: str,
  gasUsed: int,
  fee: amount,
});
const listProofSchema = obj({ index: int, total: int, siblings: arr(hex) });

export const committedTxSchema: Schema = obj({
  status: { type: 'string', enum: ['committed'] },
  hash: hex,
  tx: signedTxSchema,
  raw: base64,
  height: int,
  index: int,
  receipt: receiptSchema,
  txProof: listProofSchema,
  receiptProof: listProofSchema,
  header: headerSchema,
  commit: nullable(commitSchema),
});

export const pendingTxSchema: Schema = obj({
  status: { type: 'string', enum: ['pending'] },
  hash: hex,
});

const submitResultSchema = obj(
  {
    hash: nullable(hex),
    status: { type: 'string', enum: ['pending', 'committed', 'rejected'] },
    code: str,
    message: str,
    height: int,
    index: int,
    receipt: receiptSchema,
  },
  ['code', 'message', 'height', 'index', 'receipt'],
);

export const submitResponseSchema: Schema = obj({ results: arr(submitResultSchema) });

const stateProofSchema = obj({
  key: hex,
  leaf: nullable(obj({ keyHash: hex, valueHash: hex })),
  siblings: arr(hex),
});

const proofSchema = obj({
  state: stateProofSchema,
  header: headerSchema,
  commit: nullable(commitSchema),
});

export const accountSchema: Schema = obj(
  {
    address: str,
    exists: bool,
    balance: amount,
    nonce: int,
    pendingNonce: int,
    publicKey: nullable(keySchema),
    height: int,
    proof: proofSchema,
  },
  ['proof'],
);

const recordEntrySchema = obj({
  value: base64,
  contentType: str,
  createdHeight: int,
  updatedHeight: int,
  version: int,
  lastTxHash: hex,
});

export const recordSchema: Schema = obj(
  { owner: str, key: str, record: nullable(recordEntrySchema), height: int, proof: proofSchema },
  ['proof'],
);

export const recordKeysSchema: Schema = obj({
  owner: str,
  keys: arr(str),
  nextAfter: nullable(str),
});

export const recordHistorySchema: Schema = obj({
  owner: str,
  key: str,
  changes: arr(
    obj({
      height: int,
      txHash: hex,
      op: { type: 'string', enum: ['put', 'delete'] },
      value: nullable(base64),
      contentType: nullable(str),
    }),
  ),
  nextBefore: nullable(str),
});

export const statusSchema: Schema = obj({
  chainId: str,
  nodeVersion: str,
  mode: str,
  latestHeight: int,
  latestBlockHash: nullable(hex),
  latestBlockTimeMs: nullable(int),
  stateRoot: hex,
  mempoolTxs: int,
  mempoolBytes: int,
  validators: arr(validatorSchema),
  minGasPrice: amount,
});

export const healthSchema: Schema = obj({ ok: { type: 'boolean', enum: [true] } });

/** Query of paged listings: `limit` bounded by `pageSizeMax`. */
export function limitSchema(pageSizeMax: number, pageSizeDefault: number): Schema {
  return { type: 'integer', minimum: 1, maximum: pageSizeMax, default: pageSizeDefault };
}

/** Query `?prove=true`. */
export const proveQuerySchema: Schema = obj({ prove: { type: 'boolean', default: false } }, [
  'prove',
]);

/** Responses of a route: `ok` for 200 plus the error body for the usual failure statuses. */
export function responses(
  ok: Schema,
  extra: Readonly<Record<number, Schema>> = {},
): Record<number, Schema> {
  return {
    200: ok,
    ...extra,
    400: errorSchema,
    404: errorSchema,
    413: errorSchema,
    500: errorSchema,
    503: errorSchema,
  };
}

/** Helpers for route files. */
export const schemaParts = { obj, arr, nullable, str, int, base64 } as const;

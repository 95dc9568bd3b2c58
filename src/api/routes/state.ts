// State routes: accounts and records, each optionally with a proof against a committed header.
// Absence is an answer, not an error: a never-seen account reads as empty and a missing record as
// `record: null`, both 200, so that the proof of absence travels in the ordinary response.
import { formatAddress } from '../../crypto/index.ts';
import { polityError, utf8 } from '../../lib/index.ts';
import { recordKeyBytesMax } from '../../execution/index.ts';
import type { RecordHistoryJson, RecordJson, RecordKeysJson } from '../json.ts';
import {
  addressParam,
  formatHistoryCursor,
  historyCursor,
  pageSizeDefault,
  pageSizeMax,
} from '../params.ts';
import {
  accountSchema,
  addressSchema,
  limitSchema,
  proveQuerySchema,
  recordHistorySchema,
  recordKeysSchema,
  recordSchema,
  responses,
  schemaParts,
} from '../schemas.ts';
import { accountToJson, proofToJson, recordChangeToJson, recordEntryToJson } from '../toJson.ts';
import type { RouteContext } from './context.ts';

const { obj } = schemaParts;
const keySchema = {
  type: 'string',
  minLength: 1,
  maxLength: recordKeyBytesMax * 4,
  description: 'record key (URL-encoded in paths)',
};
const historyCursorSchema = {
  type: 'string',
  maxLength: 40,
  description: 'a height, or the nextBefore of the previous page',
};

function recordKey(key: string): string {
  const length = utf8(key).length;
  if (length === 0 || length > recordKeyBytesMax) {
    throw polityError(
      'invalid_key',
      'invalid',
      `A record key is 1 to ${recordKeyBytesMax} bytes of UTF-8; got ${length}.`,
    );
  }
  return key;
}

/** GET /v1/accounts/:address, …/records, /v1/records/:address/:key, …/history. */
export function registerStateRoutes({ app, service }: RouteContext): void {
  app.get<{ Params: { address: string }; Querystring: { prove: boolean } }>(
    '/v1/accounts/:address',
    {
      schema: {
        summary: 'An account, optionally proved',
        description:
          'A never-seen account answers exists=false, balance "0", nonce 0 (with prove=true, a proof of absence).',
        tags: ['state'],
        params: obj({ address: addressSchema }),
        querystring: proveQuerySchema,
        response: responses(accountSchema),
      },
    },
    (request) => {
      const address = addressParam(request.params.address);
      return accountToJson(
        address,
        service.getAccount(address, request.query.prove),
        service.pendingNonce(address),
      );
    },
  );

  app.get<{ Params: { address: string }; Querystring: { after?: string; limit: number } }>(
    '/v1/accounts/:address/records',
    {
      schema: {
        summary: 'Keys of the records an account owns, in key order',
        tags: ['state'],
        params: obj({ address: addressSchema }),
        querystring: obj({ after: keySchema, limit: limitSchema(pageSizeMax, pageSizeDefault) }, [
          'after',
          'limit',
        ]),
        response: responses(recordKeysSchema),
      },
    },
    async (request): Promise<RecordKeysJson> => {
      const owner = addressParam(request.params.address);
      const { after, limit } = request.query;
      const keys = await service.listRecords(
        owner,
        limit,
        after === undefined ? undefined : recordKey(after),
      );
      return {
        owner: formatAddress(owner),
        keys,
        nextAfter: keys.length === limit ? (keys.at(-1) ?? null) : null,
      };
    },
  );

  app.get<{ Params: { address: string; key: string }; Querystring: { prove: boolean } }>(
    '/v1/records/:address/:key',
    {
      schema: {
        summary: 'A record, optionally proved',
        description:
          'A missing record answers 200 with record=null (with prove=true, a proof of absence).',
        tags: ['state'],
        params: obj({ address: addressSchema, key: keySchema }),
        querystring: proveQuerySchema,
        response: responses(recordSchema),
      },
    },
    (request): RecordJson => {
      const owner = addressParam(request.params.address);
      const key = recordKey(request.params.key);
      const proven = service.getRecord(owner, key, request.query.prove);
      const proof = proofToJson(proven);
      return {
        owner: formatAddress(owner),
        key,
        record: proven.value === undefined ? null : recordEntryToJson(proven.value),
        height: proven.height,
        ...(proof === undefined ? {} : { proof }),
      };
    },
  );

  app.get<{
    Params: { address: string; key: string };
    Querystring: { before?: string; limit: number };
  }>(
    '/v1/records/:address/:key/history',
    {
      schema: {
        summary: 'Changes of a record, newest first',
        description:
          'Changes strictly before `before`: a height (`42`) or a position (`42.3.0` = height, tx index, change within the tx). Continue with before=nextBefore.',
        tags: ['state'],
        params: obj({ address: addressSchema, key: keySchema }),
        querystring: obj(
          { before: historyCursorSchema, limit: limitSchema(pageSizeMax, pageSizeDefault) },
          ['before', 'limit'],
        ),
        response: responses(recordHistorySchema),
      },
    },
    async (request): Promise<RecordHistoryJson> => {
      const owner = addressParam(request.params.address);
      const key = recordKey(request.params.key);
      const { before, limit } = request.query;
      const changes = await service.recordHistory(
        owner,
        key,
        limit,
        before === undefined ? undefined : historyCursor(before),
      );
      const last = changes.at(-1);
      return {
        owner: formatAddress(owner),
        key,
        changes: changes.map(recordChangeToJson),
        nextBefore:
          changes.length === limit && last !== undefined
            ? formatHistoryCursor(last.position)
            : null,
      };
    },
  );
}

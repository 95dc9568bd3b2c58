// State routes: accounts and records, each optionally with a proof against a committed header.
import { formatAddress } from '../../crypto/index.ts';
import { toBase64, toHex, utf8 } from '../../lib/index.ts';
import {
  recordKeyBytesMax,
  recordKeyProblem,
  type Account,
  type RecordEntry,
} from '../../execution/index.ts';
import { apiErrors } from '../errors.ts';
import { addressParam, formatHistoryCursor, historyCursor, pageSizeDefault } from '../params.ts';
import type { RouteModule } from '../routes/context.ts';
import { handle } from '../routes/route.ts';
import type { ProvenValue, RecordChange } from '../service.ts';
import { keyToJson, proofToJson } from '../shapes/chainJson.ts';
import {
  stateComponents,
  stateSpecs,
  type AccountJson,
  type RecordChangeJson,
  type RecordEntryJson,
} from './specs.ts';

/** An account read; absent accounts read as empty. */
export function accountToJson(
  address: Uint8Array,
  proven: ProvenValue<Account>,
  pendingNonce: number,
): AccountJson {
  const a = proven.value;
  const proof = proofToJson(proven);
  return {
    address: formatAddress(address),
    exists: a !== undefined,
    balance: (a?.balance ?? 0n).toString(),
    nonce: a?.nonce ?? 0,
    pendingNonce,
    publicKey: a?.publicKey === undefined ? null : keyToJson(a.publicKey),
    height: proven.height,
    ...(proof === undefined ? {} : { proof }),
  };
}

/** A record entry. */
export function recordEntryToJson(r: RecordEntry): RecordEntryJson {
  return {
    value: toBase64(r.value),
    contentType: r.contentType,
    createdHeight: r.createdHeight,
    updatedHeight: r.updatedHeight,
    version: r.version,
    lastTxHash: toHex(r.lastTxHash),
  };
}

/** A record change from the history index. */
export function recordChangeToJson(c: RecordChange): RecordChangeJson {
  return {
    height: c.height,
    txHash: toHex(c.txHash),
    op: c.op,
    value: c.value === undefined ? null : toBase64(c.value),
    contentType: c.contentType ?? null,
  };
}

// A key must follow the records' key grammar, unless a record was stored under it before the
// grammar existed: such a record stays readable (and listable past), so `stored` is asked only
// for a key the grammar refuses.
async function recordKey(
  key: string,
  where: string,
  stored: () => boolean | Promise<boolean>,
): Promise<string> {
  const problem = recordKeyProblem(key);
  if (problem !== undefined && (utf8(key).length > recordKeyBytesMax || !(await stored())))
    throw apiErrors.invalid_key({ where, problem, max: recordKeyBytesMax });
  return key;
}

/** GET /v1/accounts/:address, …/records, /v1/records/:address/:key, …/history. */
export const stateRoutes: RouteModule = {
  tag: 'state',
  description: 'Accounts and records, optionally proved against a committed header.',
  components: stateComponents,
  specs: stateSpecs,
  register({ app, service }) {
    handle(app, stateSpecs.account, ({ params, query }) => {
      const address = addressParam(params.address);
      return accountToJson(
        address,
        service.getAccount(address, query.prove === true),
        service.pendingNonce(address),
      );
    });
    handle(app, stateSpecs.recordKeys, async ({ params, query }) => {
      const owner = addressParam(params.address);
      const limit = query.limit ?? pageSizeDefault;
      const after =
        query.after === undefined
          ? undefined
          : await recordKey(
              query.after,
              'query parameter "after"',
              () => service.getRecord(owner, query.after ?? '', false).value !== undefined,
            );
      const keys = await service.listRecords(owner, limit, after);
      return {
        owner: formatAddress(owner),
        keys: [...keys],
        nextAfter: keys.length === limit ? (keys.at(-1) ?? null) : null,
      };
    });
    handle(app, stateSpecs.record, async ({ params, query }) => {
      const owner = addressParam(params.address);
      const key = await recordKey(
        params.key,
        'path parameter "key"',
        () => service.getRecord(owner, params.key, false).value !== undefined,
      );
      const proven = service.getRecord(owner, key, query.prove === true);
      const proof = proofToJson(proven);
      return {
        owner: formatAddress(owner),
        key,
        record: proven.value === undefined ? null : recordEntryToJson(proven.value),
        height: proven.height,
        ...(proof === undefined ? {} : { proof }),
      };
    });
    handle(app, stateSpecs.recordHistory, async ({ params, query }) => {
      const owner = addressParam(params.address);
      const key = await recordKey(
        params.key,
        'path parameter "key"',
        async () => (await service.recordHistory(owner, params.key, 1, undefined)).length > 0,
      );
      const limit = query.limit ?? pageSizeDefault;
      const before = query.before === undefined ? undefined : historyCursor(query.before);
      const changes = await service.recordHistory(owner, key, limit, before);
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
    });
  },
};

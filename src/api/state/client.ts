// The typed client's account and record reads; proved ones are verified against a committed header.
import { parseAddress } from '../../crypto/index.ts';
import type { ClientContext, ProveOptions } from '../client/context.ts';
import { verifyAccount, verifyRecord } from '../client/verify.ts';
import {
  stateSpecs,
  type AccountJson,
  type RecordHistoryJson,
  type RecordJson,
  type RecordKeysJson,
} from './specs.ts';

/** The account and record reads of the typed client. */
export interface StateClient {
  getAccount(address: string, options?: ProveOptions): Promise<AccountJson>;
  /** The nonce the next transaction of `address` must carry, counting its transactions still in the mempool. */
  nextNonce(address: string): Promise<number>;
  getRecord(address: string, key: string, options?: ProveOptions): Promise<RecordJson>;
  recordHistory(
    address: string,
    key: string,
    /** `before`: a height, or the `nextBefore` cursor of the previous page. */
    options?: { readonly before?: number | string; readonly limit?: number },
  ): Promise<RecordHistoryJson>;
  listRecords(
    address: string,
    options?: { readonly after?: string; readonly limit?: number },
  ): Promise<RecordKeysJson>;
}

const proveQuery = (opts: ProveOptions) => (opts.prove === true ? { prove: true } : {});

/** The account and record methods over `ctx`. */
export function stateClient(ctx: ClientContext): StateClient {
  const getAccount = async (address: string, opts: ProveOptions = {}): Promise<AccountJson> => {
    const bytes = parseAddress(address);
    const body = await ctx.call(stateSpecs.account, {
      params: { address },
      query: proveQuery(opts),
    });
    if (opts.prove === true) verifyAccount(bytes, body, await ctx.trusted(), ctx.chainId);
    return body;
  };
  return {
    getAccount,
    async nextNonce(address) {
      return (await getAccount(address)).pendingNonce;
    },
    async getRecord(address, key, opts = {}) {
      const owner = parseAddress(address);
      const body = await ctx.call(stateSpecs.record, {
        params: { address, key },
        query: proveQuery(opts),
      });
      if (opts.prove === true) verifyRecord(owner, key, body, await ctx.trusted(), ctx.chainId);
      return body;
    },
    recordHistory: (address, key, opts = {}) => {
      // Checked locally: a typo fails fast with invalid_address, without a round trip.
      parseAddress(address);
      return ctx.call(stateSpecs.recordHistory, {
        params: { address, key },
        query: {
          ...(opts.before === undefined ? {} : { before: String(opts.before) }),
          ...(opts.limit === undefined ? {} : { limit: opts.limit }),
        },
      });
    },
    listRecords: (address, opts = {}) => {
      parseAddress(address);
      return ctx.call(stateSpecs.recordKeys, { params: { address }, query: opts });
    },
  };
}

// The typed client's transactions: submissions, and committed transactions verified against the
// header's roots and commit, their decoded view rebuilt from the verified bytes.
import { fromBase64, toBase64, toHex } from '../../lib/index.ts';
import { decodeTx, encodeTx, type SignedTx } from '../../execution/index.ts';
import { hashArg } from '../blocks/client.ts';
import type { ClientContext } from '../client/context.ts';
import { verifyTx } from '../client/verify.ts';
import { apiErrors } from '../errors.ts';
import { commitWaitMsDefault } from '../params.ts';
import { signedTxToJson } from '../shapes/chainJson.ts';
import { txSpecs, type SubmitResultJson, type TxJson } from './specs.ts';

/** Options of a submission. */
export interface SubmitOptions {
  readonly wait?: 'none' | 'commit';
  /** How long the node waits for the commit (wait=commit); default 10 s, at most 60 s. */
  readonly timeoutMs?: number;
}

/** The transactions of the typed client. */
export interface TxClient {
  submitTx(tx: SignedTx | Uint8Array, options?: SubmitOptions): Promise<SubmitResultJson>;
  submitTxs(
    txs: readonly (SignedTx | Uint8Array)[],
    options?: SubmitOptions,
  ): Promise<readonly SubmitResultJson[]>;
  /** A transaction; committed ones are verified unless `verify: false`. Unknown → `tx_not_found`. */
  getTx(hash: string, options?: { readonly verify?: boolean }): Promise<TxJson>;
}

function encoded(tx: SignedTx | Uint8Array): string {
  return toBase64(tx instanceof Uint8Array ? tx : encodeTx(tx));
}

/** The transaction methods over `ctx`. */
export function txClient(ctx: ClientContext): TxClient {
  const submitTxs = async (
    txs: readonly (SignedTx | Uint8Array)[],
    opts: SubmitOptions = {},
  ): Promise<readonly SubmitResultJson[]> => {
    const waitMs = opts.wait === 'commit' ? (opts.timeoutMs ?? commitWaitMsDefault) : 0;
    const { results } = await ctx.call(txSpecs.submitBatch, {
      body: { txs: txs.map(encoded), ...opts },
      timeoutMs: ctx.timeoutMs + waitMs,
    });
    return results;
  };
  return {
    async submitTx(tx, opts) {
      const [result] = await submitTxs([tx], opts);
      if (result === undefined)
        throw apiErrors.bad_response({
          url: ctx.http.baseUrl,
          problem: 'a submission was answered with no result',
        });
      return result;
    },
    submitTxs,
    async getTx(hash, opts = {}) {
      const bytes = hashArg(hash);
      const body = await ctx.call(txSpecs.get, { params: { hash: toHex(bytes) } });
      if (body.status !== 'committed' || opts.verify === false) return body;
      verifyTx(bytes, body, await ctx.trusted(), ctx.chainId);
      // The decoded view is rebuilt from the verified bytes rather than taken on trust.
      return { ...body, tx: signedTxToJson(decodeTx(fromBase64(body.raw) ?? new Uint8Array())) };
    },
  };
}

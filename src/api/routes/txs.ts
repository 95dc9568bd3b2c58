// Transaction routes: submit (one or a batch, optionally waiting for the commit) and look up.
import { polityError, toHex } from '../../lib/index.ts';
import { txBytesMax } from '../../types/index.ts';
import type { SubmitResponseJson, SubmitResultJson, TxJson } from '../json.ts';
import {
  commitWaitMsDefault,
  commitWaitMsMax,
  hashParam,
  singleTxBodyBytesMax,
  txsParam,
  txsPerRequestMax,
} from '../params.ts';
import {
  committedTxSchema,
  hashSchema,
  pendingTxSchema,
  responses,
  schemaParts,
  submitResponseSchema,
} from '../schemas.ts';
import type { LedgerService } from '../service.ts';
import { committedTxToJson, receiptToJson } from '../toJson.ts';
import type { RouteContext } from './context.ts';

const { obj } = schemaParts;
const txBase64 = {
  type: 'string',
  maxLength: Math.ceil(txBytesMax / 3) * 4,
  description: 'canonical tx bytes, base64',
};
const wait = { type: 'string', enum: ['none', 'commit'], default: 'none' };
const timeoutMs = {
  type: 'integer',
  minimum: 0,
  maximum: commitWaitMsMax,
  default: commitWaitMsDefault,
};

interface SubmitOptions {
  readonly wait?: 'none' | 'commit';
  readonly timeoutMs?: number;
}

async function submit(
  service: LedgerService,
  texts: readonly string[],
  opts: SubmitOptions,
): Promise<SubmitResponseJson> {
  const admitted = await service.submitTxs(txsParam(texts));
  const results = await Promise.all(
    admitted.map(async (r): Promise<SubmitResultJson> => {
      if (!r.accepted) {
        return {
          hash: r.hash === undefined ? null : toHex(r.hash),
          status: 'rejected',
          code: r.error.code,
          message: r.error.message,
        };
      }
      const hash = toHex(r.hash);
      if (opts.wait !== 'commit') return { hash, status: 'pending' };
      const tx = await service.waitForTx(r.hash, opts.timeoutMs ?? commitWaitMsDefault);
      if (tx === undefined) return { hash, status: 'pending' };
      return {
        hash,
        status: 'committed',
        height: tx.height,
        index: tx.index,
        receipt: receiptToJson(tx.receipt),
      };
    }),
  );
  return { results };
}

/** POST /v1/txs, POST /v1/tx, GET /v1/txs/:hash. */
export function registerTxRoutes({ app, service }: RouteContext): void {
  app.post<{ Body: { txs: string[] } & SubmitOptions }>(
    '/v1/txs',
    {
      schema: {
        summary: 'Submit a batch of transactions',
        description: `Up to ${txsPerRequestMax} transactions. Per-transaction rejections are results (200), not request errors. With wait=commit the answer waits up to timeoutMs for each accepted transaction; those not committed by then are "pending".`,
        tags: ['txs'],
        body: obj(
          {
            txs: { type: 'array', items: txBase64, minItems: 1, maxItems: txsPerRequestMax },
            wait,
            timeoutMs,
          },
          ['wait', 'timeoutMs'],
        ),
        response: responses(submitResponseSchema),
      },
    },
    (request) => submit(service, request.body.txs, request.body),
  );

  app.post<{ Body: { tx: string } & SubmitOptions }>(
    '/v1/tx',
    {
      bodyLimit: singleTxBodyBytesMax,
      schema: {
        summary: 'Submit one transaction',
        tags: ['txs'],
        body: obj({ tx: txBase64, wait, timeoutMs }, ['wait', 'timeoutMs']),
        response: responses(submitResponseSchema),
      },
    },
    (request) => submit(service, [request.body.tx], request.body),
  );

  app.get<{ Params: { hash: string } }>(
    '/v1/txs/:hash',
    {
      schema: {
        summary: 'A committed transaction with its inclusion proofs',
        description:
          'A transaction still in the mempool answers 202 with status "pending"; an unknown one 404 tx_not_found.',
        tags: ['txs'],
        params: obj({ hash: hashSchema }),
        response: responses(committedTxSchema, { 202: pendingTxSchema }),
      },
    },
    (request, reply): TxJson => {
      const hash = hashParam(request.params.hash);
      const tx = service.getTx(hash);
      if (tx !== undefined)
        return committedTxToJson(tx, service.getBlockByHeight(tx.height)?.commit);
      if (service.isPending(hash)) {
        void reply.code(202);
        return { status: 'pending', hash: toHex(hash) };
      }
      throw polityError(
        'tx_not_found',
        'not_found',
        `No committed or pending transaction has hash ${toHex(hash)}.`,
      );
    },
  );
}

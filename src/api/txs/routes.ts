// Transaction routes: submit (one or a batch, optionally waiting for the commit) and look up.
import type { AdmissionResult, Commit } from '../../types/index.ts';
import { toHex } from '../../lib/index.ts';
import { apiErrors } from '../errors.ts';
import { commitWaitMsDefault, hashParam, txsParam } from '../params.ts';
import type { RouteModule } from '../routes/context.ts';
import { handle } from '../routes/route.ts';
import type { CommittedTx, LedgerService } from '../service.ts';
import {
  headerToJson,
  listProofToJson,
  optionalCommitToJson,
  receiptToJson,
  signedTxToJson,
} from '../shapes/chainJson.ts';
import { toBase64 } from '../../lib/index.ts';
import {
  txComponents,
  txSpecs,
  type CommittedTxJson,
  type SubmitResponseJson,
  type SubmitResultJson,
} from './specs.ts';

/** A committed transaction with its proofs; `commit` finalises `tx.header`. */
export function committedTxToJson(tx: CommittedTx, commit: Commit | undefined): CommittedTxJson {
  return {
    status: 'committed',
    hash: toHex(tx.hash),
    tx: signedTxToJson(tx.tx),
    raw: toBase64(tx.raw),
    height: tx.height,
    index: tx.index,
    receipt: receiptToJson(tx.receipt),
    txProof: listProofToJson(tx.txProof),
    receiptProof: listProofToJson(tx.receiptProof),
    header: headerToJson(tx.header),
    commit: optionalCommitToJson(commit),
  };
}

interface SubmitOptions {
  readonly wait?: 'none' | 'commit' | undefined;
  readonly timeoutMs?: number | undefined;
}

async function resultsOf(
  service: LedgerService,
  admitted: readonly AdmissionResult[],
  opts: SubmitOptions,
): Promise<SubmitResponseJson> {
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
export const txRoutes: RouteModule = {
  tag: 'txs',
  description: 'Submitting transactions and reading committed ones with their proofs.',
  components: txComponents,
  specs: txSpecs,
  register({ app, service }) {
    handle(app, txSpecs.submitBatch, async ({ body }) =>
      resultsOf(service, await service.submitTxs(txsParam(body.txs)), body),
    );
    handle(app, txSpecs.submitOne, async ({ body }) => {
      const raws = txsParam([body.tx]);
      // One transaction: a refusal is the answer's error (4xx with the refusal's own code, 503 for
      // a full pool), not a result inside a 200.
      const [admitted] = await service.submitTxs(raws);
      if (admitted !== undefined && !admitted.accepted) throw admitted.error;
      return resultsOf(service, admitted === undefined ? [] : [admitted], body);
    });
    handle(app, txSpecs.get, ({ params }, reply) => {
      const hash = hashParam(params.hash);
      const tx = service.getTx(hash);
      if (tx !== undefined)
        return committedTxToJson(tx, service.getBlockByHeight(tx.height)?.commit);
      if (service.isPending(hash)) {
        void reply.code(202);
        return { status: 'pending', hash: toHex(hash) } as const;
      }
      throw apiErrors.tx_not_found({ hash: toHex(hash) });
    });
  },
};

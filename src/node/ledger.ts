// The ledger service: what the API serves (LedgerService, src/api), assembled over the chain
// application from proved reads (provedQueries.ts), reads of blocks, transactions and indexes
// (chainReads.ts), and events and commit waiters (commitEvents.ts), plus admission and status. It
// never makes blocks: the solo node (soloNode.ts), consensus (bftNode.ts) or block sync commit
// through the same app, and every commit reaches the service through the app's `onCommitted`.
// Only committed data is served.
import type { ChainApp } from '../chain/index.ts';
import { toHex, type PolityError } from '../lib/index.ts';
import type { KvStore, Logger, Timers } from '../ports/index.ts';
import type { HaltedStatus, LedgerService, NodeStatus } from '../api/index.ts';
import { txHash } from '../execution/index.ts';
import { createChainReads } from './chainReads.ts';
import { createCommitEvents } from './commitEvents.ts';
import { createProvedQueries } from './provedQueries.ts';

/** How the ledger service is built. */
export interface LedgerOptions {
  /** The chain application the service reads and submits to. */
  readonly app: ChainApp;
  /** The store the app was opened on, where the record indexes are read. */
  readonly kv: KvStore;
  /** Reported in the status: who makes the blocks (this node alone, or consensus). */
  readonly mode: NodeStatus['mode'];
  readonly nodeVersion: string;
  /** The timeouts of `waitForTx`. */
  readonly timers: Timers;
  readonly logger: Logger;
}

/** The node's ledger: the API's service over the chain application. */
export interface Ledger extends LedgerService {
  /** The chain application every commit goes through (the solo node or consensus drives it). */
  readonly app: ChainApp;
  latestHeight(): number;
  /** Answers the commit waiters now (a node stopping): see `CommitEvents.close`. */
  close(): void;
  /**
   * Records that the chain stopped before an upgrade this build cannot run (`upgrade_required`):
   * from then on the status says so and every submitted transaction is refused with that error,
   * since no block will include it.
   */
  halt(reason: PolityError): void;
}

function haltedStatus(reason: PolityError): HaltedStatus {
  const text = (key: string): string => {
    const value = reason.details?.[key];
    return typeof value === 'string' ? value : '';
  };
  const height = reason.details?.['height'];
  return {
    code: reason.code,
    message: reason.message,
    upgrade: text('name'),
    version: text('version'),
    height: typeof height === 'number' ? height : 0,
  };
}

/** The ledger service over `options.app`. */
export function createLedger(options: LedgerOptions): Ledger {
  const { app } = options;
  const { state, mempool, genesis } = app;
  const queries = createProvedQueries(app);
  const reads = createChainReads(app, options.kv);
  const events = createCommitEvents({
    app,
    timers: options.timers,
    logger: options.logger,
    committedTx: reads.getTx,
  });

  let halted: PolityError | undefined;

  return {
    app,
    latestHeight: () => app.tip().height,
    halt(reason) {
      halted ??= reason;
    },
    ...queries,
    ...reads,
    ...events,

    status(): NodeStatus {
      const latest = app.tip();
      return {
        chainId: genesis.chainId,
        nodeVersion: options.nodeVersion,
        mode: options.mode,
        latestHeight: latest.height,
        latestBlockHash: latest.hash,
        latestBlockTimeMs: app.tipHeader()?.timeMs,
        stateRoot: state.root,
        mempoolTxs: mempool.size,
        mempoolBytes: mempool.bytes,
        validators: reads.validators(),
        minGasPrice: genesis.params.minGasPrice,
        halted: halted === undefined ? undefined : haltedStatus(halted),
      };
    },

    submitTxs(raws) {
      const reason = halted;
      if (reason === undefined) return app.submitTxs(raws);
      return Promise.resolve(
        raws.map((raw) => ({ hash: txHash(raw), accepted: false, error: reason })),
      );
    },
    isPending: (hash) => mempool.has(toHex(hash)),
    pendingNonce(address) {
      const committed = queries.getAccount(address, false).value;
      return (committed?.nonce ?? 0) + mempool.queueOf(toHex(address)).count;
    },
  };
}

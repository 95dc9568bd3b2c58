// The ledger service: what the API serves (LedgerService, src/api), assembled over the chain
// application — proved reads (provedQueries.ts), events and commit waiters (commitEvents.ts),
// admission, blocks, transactions, record indexes, validators and status. It never makes blocks:
// the solo node (soloNode.ts), consensus (bftNode.ts) or block sync commit through the same app,
// and every commit reaches the service through the app's `onCommitted`. Only committed data is
// served.
import {
  listRecordKeys,
  readRecordHistory,
  type ChainApp,
  type LoadedBlock,
} from '../chain/index.ts';
import { countProposal, findProposal, readGovState } from '../execution/index.ts';
import { toHex } from '../lib/index.ts';
import type { KvStore, Logger, Timers } from '../ports/index.ts';
import type { CommittedTx, LedgerService, NodeStatus, StoredBlock } from '../api/index.ts';
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
}

/** The committed transaction `hash` with its proofs, read from `app`'s chain store. */
function committedTxOf(app: ChainApp, hash: Uint8Array): CommittedTx | undefined {
  const chain = app.store;
  const at = chain.txLocation(hash);
  if (at === undefined || at.height > app.tip().height) return undefined;
  const loaded = chain.loadBlock(at.height);
  if (loaded === undefined) return undefined;
  const found = chain.txAt(loaded, at.index);
  const receipt = loaded.receipts()[at.index];
  if (found === undefined || receipt === undefined) return undefined;
  return {
    hash,
    ...found,
    height: at.height,
    index: at.index,
    receipt,
    header: loaded.block.header,
  };
}

/** The ledger service over `options.app`. */
export function createLedger(options: LedgerOptions): Ledger {
  const { app, kv } = options;
  const { store: chain, state, mempool, genesis } = app;
  const height = (): number => app.tip().height;
  const committedTx = (hash: Uint8Array): CommittedTx | undefined => committedTxOf(app, hash);
  const queries = createProvedQueries(app);
  const events = createCommitEvents({
    app,
    timers: options.timers,
    logger: options.logger,
    committedTx,
  });
  const stored = (loaded: LoadedBlock, h: number): StoredBlock => ({
    hash: loaded.hash,
    block: loaded.block,
    commit: chain.commitAt(h),
  });

  const ledger: Ledger = {
    app,
    latestHeight: height,
    ...queries,
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
        validators: ledger.validators(),
        minGasPrice: genesis.params.minGasPrice,
      };
    },

    submitTxs: (raws) => app.submitTxs(raws),
    getTx: committedTx,
    isPending: (hash) => mempool.has(toHex(hash)),

    getBlockByHeight(h) {
      if (!Number.isSafeInteger(h) || h < 1 || h > height()) return undefined;
      const loaded = chain.loadBlock(h);
      return loaded === undefined ? undefined : stored(loaded, h);
    },

    getBlockByHash(hash) {
      const h = chain.heightOfHash(hash);
      return h === undefined ? undefined : ledger.getBlockByHeight(h);
    },

    pendingNonce(address) {
      const committed = queries.getAccount(address, false).value;
      return (committed?.nonce ?? 0) + mempool.queueOf(toHex(address)).count;
    },

    liveTally(id) {
      const gov = readGovState(state);
      const proposal = gov === undefined ? undefined : findProposal(state, id);
      if (gov === undefined || proposal === undefined) return undefined;
      return countProposal(
        state,
        gov,
        proposal,
        app.validatorsAt(height() + 2) ?? app.validatorsAt(height() + 1) ?? [],
      );
    },

    async recordHistory(owner, key, limit, before) {
      const changes = await readRecordHistory(kv, owner, key, limit, before);
      // Entries of a block still being written are not committed yet.
      const at = height();
      return changes.filter((c) => c.height <= at);
    },

    async listRecords(owner, limit, afterKey) {
      // The index of a block being written is readable before the block is committed: read when
      // no write is in flight, and again if one started meanwhile (bounded; rare).
      for (let attempt = 0; ; attempt++) {
        await app.settled();
        const keys = await listRecordKeys(kv, owner, limit, afterKey);
        if (!app.isWriting() || attempt >= 2) return keys;
      }
    },

    validators: () => app.validatorsAt(Math.max(1, height())) ?? genesis.validators,
    validatorsAt: (h) => app.validatorsAt(h),
  };
  return ledger;
}

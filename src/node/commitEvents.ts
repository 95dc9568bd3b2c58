// What the ledger announces after every commit, whoever made the block (the solo node, consensus
// or block sync): a `block` event, a `tx` event per transaction and a `proposal` event per
// proposal whose status changed, to subscribers; and the committed transaction to the waiters of
// `wait: "commit"`, which otherwise give up on the injected timers (so tests and the simulator
// can drive them without real time).
import type { ChainApp, CommittedBlock } from '../chain/index.ts';
import { findProposal, readGovState } from '../execution/index.ts';
import { toHex } from '../lib/index.ts';
import type { Logger, Timers } from '../ports/index.ts';
import type { CommittedTx, LedgerEvent, LedgerService } from '../api/index.ts';

/** Proposals read per block to find new ones (a bound; older ones are announced as they change). */
export const newProposalsReadMax = 64;

/** How commit events are built. */
export interface CommitEventsOptions {
  readonly app: ChainApp;
  readonly timers: Timers;
  readonly logger: Logger;
  /** A committed transaction with its proofs; undefined if not committed. */
  readonly committedTx: (hash: Uint8Array) => CommittedTx | undefined;
}

/** The ledger service's events and commit waiters. */
export interface CommitEvents extends Pick<LedgerService, 'subscribe' | 'waitForTx'> {
  /**
   * Answers every waiter now (not committed) and every later one at once: a node shutting down
   * must not keep its process alive for a waiter's timeout (up to a minute).
   */
  close(): void;
}

/** Announces every commit of `options.app` to subscribers and waiters. */
export function createCommitEvents(options: CommitEventsOptions): CommitEvents {
  const { app, timers, logger, committedTx } = options;
  const listeners = new Set<(event: LedgerEvent) => void>();
  const waiters = createTxWaiters(timers, committedTx);
  const emit = (event: LedgerEvent): void => {
    for (const l of listeners) {
      try {
        l(event);
      } catch (error) {
        logger.warn({ error: String(error) }, 'event listener failed');
      }
    }
  };
  const announceProposals = createProposalAnnouncer(app, emit);

  // A block event, then per transaction a tx event and the waiters of `wait: "commit"`.
  app.onCommitted((committed: CommittedBlock) => {
    emit({
      type: 'block',
      height: committed.height,
      hash: committed.hash,
      timeMs: committed.block.header.timeMs,
      txCount: committed.txHashes.length,
    });
    if (listeners.size > 0) announceProposals(committed.height);
    // Per-transaction announcements only when someone listens or waits.
    if (listeners.size === 0 && waiters.count() === 0) return;
    for (let i = 0; i < committed.txHashes.length; i++) {
      const hash = committed.txHashes[i];
      const receipt = committed.receipts[i];
      if (hash === undefined || receipt === undefined) continue;
      if (listeners.size > 0) {
        emit({
          type: 'tx',
          hash,
          height: committed.height,
          index: i,
          ok: receipt.status === 0,
          code: receipt.code,
        });
      }
      waiters.committed(hash);
    }
  });

  return {
    waitForTx: (hash, timeoutMs) => waiters.wait(hash, timeoutMs),
    close: () => {
      waiters.close();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Emits a `proposal` event for each proposal whose status changed in the block at `height`: the
 * open ones this node has seen and those created since the last call (the newest
 * `newProposalsReadMax` at most), so each change is announced once.
 */
function createProposalAnnouncer(
  app: ChainApp,
  emit: (event: LedgerEvent) => void,
): (height: number) => void {
  const { state } = app;
  // Proposals' last announced status, kept only while they are open.
  const proposalStatus = new Map<number, string>();
  let proposalsSeen = 0;
  return (height) => {
    const gov = readGovState(state);
    if (gov === undefined) return;
    const ids = new Set<number>([...proposalStatus.keys(), ...gov.active]);
    const from = Math.max(proposalsSeen, gov.nextProposalId - newProposalsReadMax);
    for (let id = from; id < gov.nextProposalId; id++) if (id >= 1) ids.add(id);
    proposalsSeen = gov.nextProposalId;
    for (const id of ids) {
      const p = findProposal(state, id);
      if (p === undefined) continue;
      if (proposalStatus.get(id) !== p.status)
        emit({ type: 'proposal', height, id, kind: p.kind, status: p.status, title: p.title });
      if (gov.active.includes(id)) proposalStatus.set(id, p.status);
      else proposalStatus.delete(id);
    }
  };
}

type Waiter = (tx: CommittedTx | undefined) => void;

/** Waiters for transactions to commit, each giving up after its timeout on `timers`. */
interface TxWaiters {
  wait(hash: Uint8Array, timeoutMs: number): Promise<CommittedTx | undefined>;
  /** Resolves the waiters of the transaction `hash`, just committed. */
  committed(hash: Uint8Array): void;
  /** Transactions someone waits for. */
  count(): number;
  /** Answers every waiter with undefined, cancelling its timer; later waits answer at once. */
  close(): void;
}

/** Waiters keyed by transaction hash (hex). */
function createTxWaiters(
  timers: Timers,
  committedTx: (hash: Uint8Array) => CommittedTx | undefined,
): TxWaiters {
  const waiters = new Map<string, Set<Waiter>>();
  let closed = false;
  return {
    wait(hash, timeoutMs) {
      const done = committedTx(hash);
      if (done !== undefined || closed) return Promise.resolve(done);
      const id = toHex(hash);
      return new Promise((resolve) => {
        let set = waiters.get(id);
        if (set === undefined) {
          set = new Set();
          waiters.set(id, set);
        }
        const entry: Waiter = (tx) => {
          timer.cancel();
          resolve(tx);
        };
        const timer = timers.schedule(timeoutMs, () => {
          const s = waiters.get(id);
          s?.delete(entry);
          if (s?.size === 0) waiters.delete(id);
          resolve(undefined);
        });
        set.add(entry);
      });
    },
    committed(hash) {
      const id = toHex(hash);
      const pending = waiters.get(id);
      if (pending === undefined) return;
      waiters.delete(id);
      const tx = committedTx(hash);
      for (const resolve of pending) resolve(tx);
    },
    count: () => waiters.size,
    close() {
      closed = true;
      const pending = [...waiters.values()];
      waiters.clear();
      for (const set of pending) for (const resolve of set) resolve(undefined);
    },
  };
}

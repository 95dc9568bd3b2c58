// The bounded transaction pool. Admission is two-phase: signatures are verified concurrently off
// the event loop (the expensive part), then each transaction is checked against committed state
// plus the sender's queued transactions, in submission order, so a batch n, n+1, n+2 from one
// sender is admitted whole. Entries are kept per sender in nonce order.
import { toHex, type PolityError } from '../lib/index.ts';
import { mempoolErrors } from './errors.ts';

/** What the pool needs to know of a transaction (the chain's decoded transactions have it). */
export interface PooledTx {
  readonly body: { readonly nonce: number };
}

/** A transaction waiting for a block. */
export interface PoolEntry<T extends PooledTx = PooledTx> {
  readonly tx: T;
  readonly raw: Uint8Array;
  readonly hash: Uint8Array;
  readonly hashHex: string;
  readonly senderHex: string;
  /** Fee plus every amount the transaction moves: what admission reserved from the balance. */
  readonly spend: bigint;
}

/** Bounds of the pool. */
export interface MempoolOptions {
  readonly txsMax: number;
  readonly bytesMax: number;
}

/** What admission needs to know about a sender from committed state. */
export interface SenderQueue {
  readonly nextNonce: number;
  readonly reserved: bigint;
}

/** The pool. */
export interface Mempool<T extends PooledTx = PooledTx> {
  readonly size: number;
  readonly bytes: number;
  has(hashHex: string): boolean;
  /** The entry with this hash, if it waits here. */
  get(hashHex: string): PoolEntry<T> | undefined;
  /** The sender's queued transactions: how many, and how much balance they reserve. */
  queueOf(senderHex: string): { readonly count: number; readonly reserved: bigint };
  /** Adds an entry that passed every check; throws `mempool_full` when a bound would be crossed. */
  add(entry: PoolEntry<T>): void;
  /** Up to `txsMax` entries (and `bytesMax` bytes), each sender's in nonce order. */
  reap(txsMax: number, bytesMax: number): readonly PoolEntry<T>[];
  /** Removes entries (committed or no longer valid) by hash. */
  remove(hashHexes: Iterable<string>): void;
  /** Every entry, for re-checking after a block. */
  entries(): Iterable<PoolEntry<T>>;
  /** The sender's waiting entries, in nonce order. */
  pendingOf(senderHex: string): readonly PoolEntry<T>[];
  /**
   * Removes the sender's entries whose nonce is below `nextNonce` (the account's nonce after a
   * block): another transaction with that nonce was committed, so they can never be included, and
   * left in place they would make admission expect a nonce the sender cannot use. Returns how
   * many were removed.
   */
  pruneStale(senderHex: string, nextNonce: number): number;
}

/** Rejects when the pool is full. */
export function mempoolFull(options: MempoolOptions): PolityError {
  return mempoolErrors.mempool_full({ txsMax: options.txsMax, bytesMax: options.bytesMax });
}

/** Creates an empty pool. */
export function createMempool<T extends PooledTx = PooledTx>(options: MempoolOptions): Mempool<T> {
  const byHash = new Map<string, PoolEntry<T>>();
  // Per sender, entries in nonce order (admission only ever appends the next nonce).
  const bySender = new Map<string, PoolEntry<T>[]>();
  const reservedBySender = new Map<string, bigint>();
  let bytes = 0;

  const reserve = (senderHex: string, amount: bigint): void => {
    const next = (reservedBySender.get(senderHex) ?? 0n) + amount;
    if (next === 0n) reservedBySender.delete(senderHex);
    else reservedBySender.set(senderHex, next);
  };

  const removeOne = (hashHex: string): void => {
    const entry = byHash.get(hashHex);
    if (entry === undefined) return;
    byHash.delete(hashHex);
    bytes -= entry.raw.length;
    reserve(entry.senderHex, -entry.spend);
    const queue = bySender.get(entry.senderHex);
    if (queue === undefined) return;
    const i = queue.indexOf(entry);
    if (i >= 0) queue.splice(i, 1);
    if (queue.length === 0) bySender.delete(entry.senderHex);
  };

  return {
    get size() {
      return byHash.size;
    },
    get bytes() {
      return bytes;
    },
    has: (hashHex) => byHash.has(hashHex),
    get: (hashHex) => byHash.get(hashHex),
    queueOf(senderHex) {
      const count = bySender.get(senderHex)?.length ?? 0;
      return { count, reserved: reservedBySender.get(senderHex) ?? 0n };
    },
    add(entry) {
      if (byHash.size + 1 > options.txsMax || bytes + entry.raw.length > options.bytesMax) {
        throw mempoolFull(options);
      }
      byHash.set(entry.hashHex, entry);
      bytes += entry.raw.length;
      reserve(entry.senderHex, entry.spend);
      const queue = bySender.get(entry.senderHex);
      if (queue === undefined) bySender.set(entry.senderHex, [entry]);
      else queue.push(entry);
    },
    reap(txsMax, bytesMax) {
      const out: PoolEntry<T>[] = [];
      let size = 0;
      // Senders in arrival order; each sender's queue contiguous so nonces stay in order.
      for (const queue of bySender.values()) {
        for (const entry of queue) {
          if (out.length >= txsMax || size + entry.raw.length > bytesMax) return out;
          out.push(entry);
          size += entry.raw.length;
        }
      }
      return out;
    },
    remove(hashHexes) {
      for (const h of hashHexes) removeOne(h);
    },
    entries: () => byHash.values(),
    pendingOf: (senderHex) => bySender.get(senderHex)?.slice() ?? [],
    pruneStale(senderHex, nextNonce) {
      const stale = (bySender.get(senderHex) ?? [])
        .filter((e) => e.tx.body.nonce < nextNonce)
        .map((e) => e.hashHex);
      for (const h of stale) removeOne(h);
      return stale.length;
    },
  };
}

/** The hex id used for a transaction hash in the pool. */
export function poolId(hash: Uint8Array): string {
  return toHex(hash);
}

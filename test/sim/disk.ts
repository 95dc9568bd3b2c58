// Simulated disks. Each node owns three durable stores that outlive its crashes: the KvStore of
// its chain (a batch becomes durable, atomically, when its simulated write completes), the
// consensus WAL (entries are durable once a synced append completes; a crash keeps an unsynced
// tail of random length, as a page cache flushed part-way would) and the last-signed record
// (replaced atomically when its save completes). A running incarnation reaches them through ports
// bound to its `Life`; once it crashes, those ports do nothing and their promises never settle.
import type { LastSigned, LastSignedStore, ConsensusWal } from '../../src/consensus/index.ts';
import type { KvRange, KvStore, KvWrite } from '../../src/ports/index.ts';
import { createMemoryKvStore } from '../../src/state/index.ts';
import type { Prng } from './prng.ts';
import type { Scheduler } from './scheduler.ts';

/** One incarnation of a node: its ports work while `alive`. */
export interface Life {
  readonly alive: boolean;
}

/** How long simulated disk operations take, in milliseconds. */
export interface DiskTiming {
  readonly writeMs: readonly [number, number];
  readonly syncMs: readonly [number, number];
}

/** Disk operations in flight when a crash happens, resolved one way or the other at the crash. */
type PendingAtCrash = (prng: Prng) => void;

/** The durable stores of one node. */
export interface NodeDisk {
  /** KvStore port for an incarnation. */
  kv(life: Life): KvStore;
  /** WAL port for an incarnation. */
  wal(life: Life): ConsensusWal;
  /** Last-signed port for an incarnation. */
  lastSigned(life: Life): LastSignedStore;
  /** What a crash does to data not yet durable. */
  crash(prng: Prng): void;
  /** Calls `crash` while the next disk operation of this node is in flight (a torn write). */
  crashDuringNextOp(crash: () => void): void;
  /** Counters. */
  readonly stats: { walEntriesLost: number; writesLostInCrash: number };
  /** The durable last-signed record (for checks). */
  lastSignedRecord(): LastSigned | undefined;
}

/** Creates the durable stores of one node. */
export function createNodeDisk(
  name: string,
  scheduler: Scheduler,
  prng: Prng,
  timing: DiskTiming,
): NodeDisk {
  const inner = createMemoryKvStore();
  let walEntries: Uint8Array[] = [];
  let walDurable = 0;
  let lastSigned: LastSigned | undefined;
  const pending = new Set<PendingAtCrash>();
  const stats = { walEntriesLost: 0, writesLostInCrash: 0 };
  let armedCrash: (() => void) | undefined;
  const delay = (range: readonly [number, number]): number => prng.range(range[0], range[1]);

  /** Runs `apply` after a disk delay if the incarnation lives; a crash first decides it by coin. */
  const diskOp = (life: Life, ms: number, label: string, apply: () => void): Promise<void> =>
    new Promise((resolve) => {
      // A dead incarnation's code may still run a little (promise callbacks): it writes nothing.
      if (!life.alive) return;
      let done = false;
      const atCrash: PendingAtCrash = (crashPrng) => {
        done = true;
        // Whether the operation reached the platter before the power went is anyone's guess.
        if (crashPrng.chance(0.5)) apply();
        else stats.writesLostInCrash++;
      };
      pending.add(atCrash);
      if (armedCrash !== undefined) {
        // Half-way through this operation (before its completion event, which fires at `ms`).
        scheduler.schedule(Math.floor(ms / 2), `crash mid-write ${name}`, armedCrash);
        armedCrash = undefined;
      }
      scheduler.schedule(ms, `${label} ${name}`, () => {
        if (done || !life.alive) return;
        done = true;
        pending.delete(atCrash);
        apply();
        scheduler.touch();
        resolve();
      });
    });

  return {
    kv(life) {
      let queue: Promise<unknown> = Promise.resolve();
      return {
        get: (key) => inner.get(key),
        writeBatch(writes: readonly KvWrite[]) {
          scheduler.touch();
          const copy = writes.map((w) => ({ key: w.key.slice(), value: w.value?.slice() }));
          // One batch after another, like a single-writer LevelDB.
          const next = queue.then(() =>
            diskOp(life, delay(timing.syncMs), 'disk kv batch', () => {
              void inner.writeBatch(copy);
            }),
          );
          queue = next;
          return next;
        },
        range: (range: KvRange) => inner.range(range),
        close: () => Promise.resolve(),
      };
    },
    wal(life) {
      let queue: Promise<unknown> = Promise.resolve();
      const serial = <T>(work: () => Promise<T>): Promise<T> => {
        const next = queue.then(work);
        queue = next.catch(() => undefined);
        return next;
      };
      return {
        append: (entry, sync) =>
          serial(() => {
            scheduler.touch();
            if (!life.alive) return new Promise<void>(() => undefined);
            walEntries.push(entry.slice());
            if (!sync) return Promise.resolve();
            const upTo = walEntries.length;
            return diskOp(life, delay(timing.syncMs), 'disk wal sync', () => {
              walDurable = Math.max(walDurable, Math.min(upTo, walEntries.length));
            });
          }),
        read: () =>
          serial(() => {
            scheduler.touch();
            return Promise.resolve(walEntries.map((e) => e.slice()));
          }),
        reset: () =>
          serial(() => {
            scheduler.touch();
            return diskOp(life, delay(timing.syncMs), 'disk wal reset', () => {
              walEntries = [];
              walDurable = 0;
            });
          }),
      };
    },
    lastSigned(life) {
      return {
        load: () => lastSigned,
        save: (record) =>
          diskOp(life, delay(timing.syncMs), 'disk last-signed save', () => {
            lastSigned = record;
          }),
      };
    },
    crash(crashPrng) {
      for (const atCrash of [...pending]) atCrash(crashPrng);
      pending.clear();
      // An unsynced tail of random length survives.
      const unsynced = walEntries.length - walDurable;
      const kept = walDurable + crashPrng.int(unsynced + 1);
      stats.walEntriesLost += walEntries.length - kept;
      walEntries = walEntries.slice(0, kept);
      walDurable = kept;
    },
    crashDuringNextOp(crash) {
      armedCrash = crash;
    },
    stats,
    lastSignedRecord: () => lastSigned,
  };
}

// Pending state changes over the committed state, with checkpoints: a failed transaction reverts
// to its checkpoint (keeping the fee it paid) without copying the whole change set.
import { toHex } from '../lib/index.ts';

/** Reads committed state. */
export interface StateReader {
  get(key: Uint8Array): Uint8Array | undefined;
}

/** A write set layered over committed state. */
export interface StateOverlay extends StateReader {
  set(key: Uint8Array, value: Uint8Array | undefined): void;
  /** A marker to revert to. */
  checkpoint(): number;
  revert(checkpoint: number): void;
  /** The net changes, keyed by hex of the state key (undefined = delete). */
  changes(): ReadonlyMap<string, Uint8Array | undefined>;
}

/** Creates an empty overlay over `base`. */
export function createOverlay(base: StateReader): StateOverlay {
  const writes = new Map<string, Uint8Array | undefined>();
  // Journal of (key, previous overlay entry) so revert undoes writes in reverse order.
  const journal: { key: string; had: boolean; previous: Uint8Array | undefined }[] = [];
  return {
    get(key) {
      const id = toHex(key);
      if (writes.has(id)) return writes.get(id);
      return base.get(key);
    },
    set(key, value) {
      const id = toHex(key);
      journal.push({ key: id, had: writes.has(id), previous: writes.get(id) });
      writes.set(id, value);
    },
    checkpoint() {
      return journal.length;
    },
    revert(checkpoint) {
      while (journal.length > checkpoint) {
        const entry = journal.pop();
        if (entry === undefined) break;
        if (entry.had) writes.set(entry.key, entry.previous);
        else writes.delete(entry.key);
      }
    },
    changes() {
      return writes;
    },
  };
}

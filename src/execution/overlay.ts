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

interface Entry {
  readonly key: Uint8Array;
  readonly value: Uint8Array | undefined;
}

// Map keys are the key bytes as a latin1 string: one char per byte, built without allocating a
// Buffer, several times per transaction on the hot path. Hex is produced once, in changes().
function idOf(key: Uint8Array): string {
  return String.fromCharCode.apply(null, key as unknown as number[]);
}

/** Creates an empty overlay over `base`. */
export function createOverlay(base: StateReader): StateOverlay {
  const writes = new Map<string, Entry>();
  // Journal of (key, previous overlay entry) so revert undoes writes in reverse order.
  const journal: { id: string; previous: Entry | undefined }[] = [];
  return {
    get(key) {
      const entry = writes.get(idOf(key));
      return entry === undefined ? base.get(key) : entry.value;
    },
    set(key, value) {
      const id = idOf(key);
      journal.push({ id, previous: writes.get(id) });
      writes.set(id, { key, value });
    },
    checkpoint() {
      return journal.length;
    },
    revert(checkpoint) {
      while (journal.length > checkpoint) {
        const entry = journal.pop();
        if (entry === undefined) break;
        if (entry.previous === undefined) writes.delete(entry.id);
        else writes.set(entry.id, entry.previous);
      }
    },
    changes() {
      const out = new Map<string, Uint8Array | undefined>();
      for (const { key, value } of writes.values()) out.set(toHex(key), value);
      return out;
    },
  };
}

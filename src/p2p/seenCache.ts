// The seen-cache that ends flooding: the hashes of the messages a node has already relayed (or
// sent), so a message that comes back round a loop of peers is not forwarded again. Bounded: the
// oldest hash is forgotten first.
import { sha256 } from '../crypto/index.ts';
import { toHex } from '../lib/index.ts';

/** Messages already seen. */
export interface SeenCache {
  /** Remembers `data`; true the first time it is seen. */
  mark(data: Uint8Array): boolean;
}

/** Creates an empty cache remembering at most `entriesMax` messages. */
export function createSeenCache(entriesMax: number): SeenCache {
  const seen = new Set<string>();
  return {
    mark(data) {
      const id = toHex(sha256(data));
      if (seen.has(id)) return false;
      seen.add(id);
      if (seen.size > entriesMax) {
        const oldest = seen.values().next().value;
        if (oldest !== undefined) seen.delete(oldest);
      }
      return true;
    },
  };
}

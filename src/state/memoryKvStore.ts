// An in-memory adapter of the KvStore port for tests, benchmarks and the simulator. Keys are
// latin1 strings (their order is byte order); values are appended to large arena chunks and the
// key maps to a small-integer position. A million values as strings or small typed arrays made
// the 10^6-key bench's heap, and so every full GC, far larger; arena bytes are not traced.
// Space of overwritten or deleted values is never reclaimed: this store is for bounded runs.
import { assert } from '../lib/index.ts';
import type { KvRange, KvStore, KvWrite } from '../ports/index.ts';

function latin1(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1');
}

function latin1Bytes(text: string): Uint8Array {
  const buf = Buffer.from(text, 'latin1');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

const chunkBytes = 1 << 22;
const alignBytes = 8; // positions count 8-byte units, so 2^30 positions address 8 GiB
const chunkUnits = chunkBytes / alignBytes;

// Append-only value storage: each value is `u32 length || bytes`, 8-byte aligned, and is named
// by its position in 8-byte units, which stays a V8 small integer.
function createArena(): { put(value: Uint8Array): number; get(position: number): Uint8Array } {
  const chunks: Uint8Array[] = [];
  let chunk = new Uint8Array(0);
  let used = 0;
  return {
    put(value) {
      const need = 4 + value.length;
      assert(need <= chunkBytes, 'memory kv values are under 4 MiB');
      if (used + need > chunk.length) {
        chunk = new Uint8Array(chunkBytes);
        chunks.push(chunk);
        used = 0;
      }
      const position = (chunks.length - 1) * chunkUnits + used / alignBytes;
      new DataView(chunk.buffer, chunk.byteOffset + used, 4).setUint32(0, value.length);
      chunk.set(value, used + 4);
      used += Math.ceil(need / alignBytes) * alignBytes;
      return position;
    },
    get(position) {
      const c = chunks[Math.floor(position / chunkUnits)];
      assert(c !== undefined, 'arena position names a chunk');
      const at = (position % chunkUnits) * alignBytes;
      const length = new DataView(c.buffer, c.byteOffset + at, 4).getUint32(0);
      return c.subarray(at + 4, at + 4 + length);
    },
  };
}

/** Creates an empty in-memory KvStore; batches apply atomically and immediately. */
export function createMemoryKvStore(): KvStore {
  const entries = new Map<string, number>();
  const arena = createArena();
  let sorted: string[] | undefined;
  let closed = false;

  function sortedKeys(): string[] {
    sorted ??= [...entries.keys()].sort();
    return sorted;
  }

  // First index whose key is >= `bound` in the sorted key list.
  function lowerBound(keys: readonly string[], bound: string): number {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((keys[mid] ?? '') < bound) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  return {
    get(key) {
      assert(!closed, 'memory kv store is open');
      const v = entries.get(latin1(key));
      return v === undefined ? undefined : arena.get(v);
    },
    writeBatch(writes: readonly KvWrite[]) {
      assert(!closed, 'memory kv store is open');
      for (const w of writes) {
        const k = latin1(w.key);
        // The arena copies, so the store is independent of buffers the caller may reuse.
        if (w.value === undefined) entries.delete(k);
        else entries.set(k, arena.put(w.value));
      }
      if (writes.length > 0) sorted = undefined;
      return Promise.resolve();
    },
    range(range: KvRange) {
      assert(!closed, 'memory kv store is open');
      const keys = sortedKeys();
      const start = lowerBound(keys, latin1(range.gte));
      const end = lowerBound(keys, latin1(range.lt));
      const out: (readonly [Uint8Array, Uint8Array])[] = [];
      const limit = Math.max(0, range.limit);
      if (range.reverse === true) {
        for (let i = end - 1; i >= start && out.length < limit; i--) push(keys[i]);
      } else {
        for (let i = start; i < end && out.length < limit; i++) push(keys[i]);
      }
      function push(k: string | undefined): void {
        if (k === undefined) return;
        const v = entries.get(k);
        if (v !== undefined) out.push([latin1Bytes(k), arena.get(v).slice()]);
      }
      return Promise.resolve(out);
    },
    close() {
      closed = true;
      return Promise.resolve();
    },
  };
}

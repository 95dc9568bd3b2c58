// The KvStore adapter over LevelDB (classic-level): measured here as the fastest durable embedded
// store that installs without a compiler (docs/adr/0002-storage.md). Reads are synchronous
// (getSync) so execution stays synchronous; every block is one batch written with sync: true.
import { ClassicLevel } from 'classic-level';
import type { KvRange, KvStore, KvWrite } from '../../ports/index.ts';
import { nodeErrors } from '../errors.ts';

type Db = ClassicLevel<Uint8Array, Uint8Array>;

function view(buf: Uint8Array): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Opens (creating if needed) a LevelDB store at `path`. */
export async function openLevelStore(path: string): Promise<KvStore> {
  const db: Db = new ClassicLevel<Uint8Array, Uint8Array>(path, {
    keyEncoding: 'view',
    valueEncoding: 'view',
    // A larger write buffer lets a block's batch land in one memtable.
    writeBufferSize: 64 * 1024 * 1024,
    cacheSize: 128 * 1024 * 1024,
  });
  try {
    await db.open();
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw nodeErrors.store_unavailable({ path, cause });
  }
  return {
    get(key) {
      const value = db.getSync(key);
      return value === undefined ? undefined : view(value);
    },
    async writeBatch(writes: readonly KvWrite[]) {
      const batch = db.batch();
      for (const w of writes) {
        if (w.value === undefined) batch.del(w.key);
        else batch.put(w.key, w.value);
      }
      await batch.write({ sync: true });
    },
    async range(range: KvRange) {
      const out: (readonly [Uint8Array, Uint8Array])[] = [];
      const options = {
        gte: range.gte,
        lt: range.lt,
        limit: range.limit,
        reverse: range.reverse ?? false,
      };
      for await (const [k, v] of db.iterator(options)) out.push([view(k), view(v)]);
      return out;
    },
    async close() {
      await db.close();
    },
  };
}

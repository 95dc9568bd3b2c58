// Signature verification on worker threads. The async crypto.verify on libuv's pool costs the event
// loop ~7 µs per signature (job set-up and completion); here the event loop packs a whole batch
// into one transferred buffer, so both cores verify while the main thread builds blocks.
// The Verifier interface is the chain's port (src/chain/verifier.ts).
import { Worker } from 'node:worker_threads';
import type { Verifier, VerifyItem } from '../../chain/index.ts';
import { schemesMatch, verifySignatureAsync } from '../../crypto/index.ts';

export type { Verifier, VerifyItem } from '../../chain/index.ts';

/** Verification on libuv's thread pool, for tests and tools that want no worker threads. */
export const libuvVerifier: Verifier = {
  verifyBatch: (items) =>
    Promise.all(items.map((i) => verifySignatureAsync(i.publicKey, i.message, i.signature))),
  close: () => Promise.resolve(),
};

// Packed item: publicKey (32) | signature (64) | message length (u32 BE) | message.
function pack(items: readonly VerifyItem[]): Uint8Array<ArrayBuffer> {
  let size = 0;
  for (const i of items) size += 100 + i.message.length;
  const out = new Uint8Array(new ArrayBuffer(size));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const i of items) {
    out.set(i.publicKey.bytes, at);
    out.set(i.signature.bytes, at + 32);
    view.setUint32(at + 96, i.message.length);
    out.set(i.message, at + 100);
    at += 100 + i.message.length;
  }
  return out;
}

// The packed layout is ed25519's; other schemes (when they come) take the libuv path.
const packedScheme: string = 'ed25519';

function packable(i: VerifyItem): boolean {
  return (
    i.publicKey.scheme === packedScheme &&
    schemesMatch(i.publicKey, i.signature) &&
    i.publicKey.bytes.length === 32 &&
    i.signature.bytes.length === 64
  );
}

/** Starts `workers` verification threads (the node config chooses how many). */
export function createVerifyPool(workers = 2): Verifier {
  const url = new URL(
    import.meta.url.endsWith('.ts') ? './verifyWorker.ts' : './verifyWorker.js',
    import.meta.url,
  );
  const threads = Array.from({ length: workers }, () => new Worker(url));
  const pending = new Map<number, (results: Uint8Array) => void>();
  let nextId = 0;
  let nextThread = 0;
  for (const t of threads) {
    t.on('message', (m: { id: number; results: Uint8Array }) => {
      const resolve = pending.get(m.id);
      pending.delete(m.id);
      resolve?.(m.results);
    });
    // A worker must never die silently: every pending batch would hang. Crash loudly instead.
    t.on('error', (error) => {
      throw error;
    });
    t.unref();
  }

  const run = (items: readonly VerifyItem[]): Promise<Uint8Array> => {
    const id = nextId++;
    const thread = threads[nextThread++ % threads.length];
    const packed = pack(items);
    return new Promise((resolve) => {
      pending.set(id, resolve);
      thread?.postMessage({ id, packed, count: items.length }, [packed.buffer]);
    });
  };

  return {
    async verifyBatch(items) {
      if (!items.every(packable)) return libuvVerifier.verifyBatch(items);
      // Split so every worker takes a share of one batch.
      const share = Math.ceil(items.length / threads.length);
      const chunks: (readonly VerifyItem[])[] = [];
      for (let i = 0; i < items.length; i += share) chunks.push(items.slice(i, i + share));
      const results = await Promise.all(chunks.map(run));
      return results.flatMap((r) => Array.from(r, (b) => b === 1));
    },
    async close() {
      await Promise.all(threads.map((t) => t.terminate()));
    },
  };
}

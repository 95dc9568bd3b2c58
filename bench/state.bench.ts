// Benchmark of the authenticated state (docs/adr/0003-authenticated-state.md): commit time of a
// 20,000-key batch, proof generation and verification rates and proof size, at 10^4, 10^5 and
// 10^6 keys, each as a ratio to raw sha256 hashes/s measured in the same run (the machines are
// noisy; compare ratios). Storage is the in-memory KvStore, so figures exclude disk reads and the
// durable batch write, which the node pays once per block in its own batch.
// Run: node bench/state.bench.ts [maxKeys]   (prints one JSON object)
import { createHash } from 'node:crypto';
import { sha256 } from '../src/crypto/index.ts';
import {
  createMemoryKvStore,
  createMerkleStore,
  encodeStateProof,
  verifyStateProof,
  type MerkleStore,
} from '../src/state/index.ts';
import type { KvStore } from '../src/ports/index.ts';

const buildBatchKeys = 10_000;
const updateBatchKeys = 20_000;
const proofSamples = 20_000;
const valueBytes = 100;

// Deterministic keys and values: key i is 32 bytes derived from i, so runs are repeatable.
function keyOf(i: number): Uint8Array {
  return sha256(Buffer.from(`bench-key-${i}`));
}
function valueOf(i: number, round: number): Uint8Array {
  const v = new Uint8Array(valueBytes);
  v.fill((i + round) & 0xff);
  new DataView(v.buffer).setUint32(0, i);
  return v;
}
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function sha256PerSecond(): number {
  const data = new Uint8Array(64 + 22); // the size of an internal node's tagged preimage
  const n = 400_000;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    data[0] = i & 0xff;
    sha256(data);
  }
  return n / ((performance.now() - start) / 1000);
}

async function commitBatch(
  kv: KvStore,
  store: MerkleStore,
  changes: Map<string, Uint8Array | undefined>,
): Promise<{ prepareMs: number; writes: number }> {
  const start = performance.now();
  const prepared = store.prepareCommit(changes);
  const prepareMs = performance.now() - start;
  await kv.writeBatch(prepared.writes);
  store.applied(prepared);
  return { prepareMs, writes: prepared.writes.length };
}

async function main(): Promise<void> {
  const maxKeys = Number(process.argv[2] ?? 1_000_000);
  const sizes = [10_000, 100_000, 1_000_000].filter((n) => n <= maxKeys);
  const hashesPerSecond = sha256PerSecond();
  const kv = createMemoryKvStore();
  const store = createMerkleStore({ kv });
  let built = 0;
  let buildMs = 0;
  const results: unknown[] = [];
  for (const size of sizes) {
    while (built < size) {
      const changes = new Map<string, Uint8Array | undefined>();
      for (let i = built; i < built + buildBatchKeys; i++)
        changes.set(hex(keyOf(i)), valueOf(i, 0));
      buildMs += (await commitBatch(kv, store, changes)).prepareMs;
      built += buildBatchKeys;
    }
    // The measured commit: 20,000 updates, three quarters to existing keys, one quarter inserts.
    const changes = new Map<string, Uint8Array | undefined>();
    for (let j = 0; j < updateBatchKeys * 0.75; j++) {
      const i = (j * 7919) % size;
      changes.set(hex(keyOf(i)), valueOf(i, store.version));
    }
    for (let j = 0; changes.size < updateBatchKeys; j++)
      changes.set(hex(keyOf(size + 10_000_000 + j * 31 + store.version)), valueOf(j, 1));
    const commit = await commitBatch(kv, store, changes);

    const probe = Array.from({ length: proofSamples }, (_, j) => keyOf((j * 104729) % size));
    let start = performance.now();
    const proofs = probe.map((k) => store.prove(k));
    const proveSeconds = (performance.now() - start) / 1000;
    const root = store.root;
    start = performance.now();
    let ok = 0;
    for (let j = 0; j < probe.length; j++) {
      const p = proofs[j]!;
      if (verifyStateProof(root, probe[j]!, p.value, p.proof)) ok++;
    }
    const verifySeconds = (performance.now() - start) / 1000;
    if (ok !== probe.length) throw new Error('a proof failed to verify');
    const sizesBytes = proofs.map((p) => encodeStateProof(p.proof).length);
    const depths = proofs.map((p) => p.proof.siblings.length);
    const proofsPerSecond = proofSamples / proveSeconds;
    const verifiesPerSecond = proofSamples / verifySeconds;
    results.push({
      keys: size,
      log2Keys: Number(Math.log2(size).toFixed(2)),
      commitMs: Number(commit.prepareMs.toFixed(1)),
      commitWrites: commit.writes,
      commitHashEquivalents: Math.round((commit.prepareMs / 1000) * hashesPerSecond),
      proofsPerSecond: Math.round(proofsPerSecond),
      verifiesPerSecond: Math.round(verifiesPerSecond),
      proofToHashRatio: Number((proofsPerSecond / hashesPerSecond).toFixed(4)),
      verifyToHashRatio: Number((verifiesPerSecond / hashesPerSecond).toFixed(4)),
      proofBytesMean: Math.round(sizesBytes.reduce((a, b) => a + b, 0) / sizesBytes.length),
      proofBytesMax: Math.max(...sizesBytes),
      proofDepthMean: Number((depths.reduce((a, b) => a + b, 0) / depths.length).toFixed(2)),
      proofDepthMax: Math.max(...depths),
    });
  }
  const baseline =
    createHash('sha256').update('x').digest().length === 32
      ? 'node:crypto sha256, 86-byte input'
      : '';
  process.stdout.write(
    JSON.stringify({
      bench: 'state',
      node: process.version,
      storage: 'createMemoryKvStore (no disk)',
      baseline,
      sha256PerSecond: Math.round(hashesPerSecond),
      buildBatchKeys,
      updateBatchKeys,
      buildPrepareMsTotal: Math.round(buildMs),
      results,
    }) + '\n',
  );
}

await main();

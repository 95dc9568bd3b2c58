// Benchmark of the authenticated state (docs/adr/0003-authenticated-state.md): commit time of a
// 20,000-key batch, proof generation and verification rates and proof size, at 10^4, 10^5 and
// 10^6 keys, each as a ratio to raw sha256 hashes/s measured in the same run (the machines are
// noisy; compare ratios). Storage is the in-memory KvStore, so figures exclude disk reads and the
// durable batch write, which the node pays once per block in its own batch.
// State sizes grow by the 15,000 keys the measured commits insert. The 10^6 run holds the whole
// database in the JS heap (~2 GB), which inflates GC pauses compared with an on-disk store.
// Run: node bench/state.bench.ts [maxKeys]   (prints one JSON object)
import { sha256 } from '../src/crypto/index.ts';
import { measureHashRate } from './baseline.ts';
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
const commitSamples = 3;

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
  const hashesPerSecond = measureHashRate();
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
    // The measured commits: 20,000 updates each, three quarters to existing keys, one quarter
    // inserts; several samples because one commit can absorb a major GC of the whole heap.
    const samples: { prepareMs: number; writes: number }[] = [];
    for (let r = 0; r < commitSamples; r++) {
      const changes = new Map<string, Uint8Array | undefined>();
      for (let j = 0; j < updateBatchKeys * 0.75; j++) {
        const i = (j * 7919 + r * 104_729) % size;
        changes.set(hex(keyOf(i)), valueOf(i, store.version));
      }
      for (let j = 0; changes.size < updateBatchKeys; j++)
        changes.set(hex(keyOf(10_000_000 + size * 10 + r * updateBatchKeys + j)), valueOf(j, 1));
      samples.push(await commitBatch(kv, store, changes));
    }
    const commitMs = samples.map((c) => c.prepareMs).sort((a, b) => a - b);
    const commit = { prepareMs: commitMs[commitMs.length >> 1]!, writes: samples[0]!.writes };

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
      commitMsMedian: Number(commit.prepareMs.toFixed(1)),
      commitMsMin: Number(commitMs[0]!.toFixed(1)),
      commitMsMax: Number(commitMs[commitMs.length - 1]!.toFixed(1)),
      commitWrites: commit.writes,
      commitMedianInHashes: Math.round((commit.prepareMs / 1000) * hashesPerSecond),
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
  const baseline = 'measureHashRate (bench/baseline.ts): sha256 of 64-byte inputs on one core';
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

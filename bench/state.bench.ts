// Benchmark of the authenticated state (docs/adr/0003-authenticated-state.md): what a node pays
// per block as the state grows from 10^4 to 10^6 keys. Per size: one block commit of 20,000 key
// updates (prepareCommit, the durable batch write, total), the tree nodes read from storage
// (node-cache misses) and the writes it makes, proof generation and verification rates and proof
// size, each time also as a ratio to raw sha256 hashes/s measured in the same run (the machines
// are noisy; compare ratios).
// Storage is LevelDB (src/node/adapters/levelStore.ts: synchronous reads, batches written with
// sync: true) in a fresh temporary directory, as in a node; `--memory` uses the in-memory
// KvStore instead (no disk; the whole database then lives in the JS heap).
// The state is built in batches of 50,000 keys; sizes grow by the 15,000 keys each measured
// sample inserts.
// Run: node bench/state.bench.ts [maxKeys] [--memory]   (prints one JSON object)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '../src/crypto/index.ts';
import { openLevelStore } from '../src/node/adapters/levelStore.ts';
import type { KvStore } from '../src/ports/index.ts';
import {
  createMemoryKvStore,
  createMerkleStore,
  encodeStateProof,
  verifyStateProof,
  type MerkleStore,
} from '../src/state/index.ts';
import { measureHashRate } from './baseline.ts';

const buildBatchKeys = 50_000;
const updateBatchKeys = 20_000;
const proofSamples = 20_000;
const valueBytes = 100;
const commitSamples = 3;
// Storage keys of tree nodes: the state prefix 's' then 'n' (src/state/storageKeys.ts).
const nodeKeyPrefix = [0x73, 0x6e];

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
const round1 = (x: number): number => Number(x.toFixed(1));
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

// Counts the store's reads of tree nodes: the store reads a node from storage only on a miss of
// its node cache.
function countingKv(kv: KvStore): { kv: KvStore; nodeReads: () => number } {
  let nodeReads = 0;
  return {
    kv: {
      get(key) {
        if (key[0] === nodeKeyPrefix[0] && key[1] === nodeKeyPrefix[1]) nodeReads++;
        return kv.get(key);
      },
      writeBatch: (writes) => kv.writeBatch(writes),
      range: (range) => kv.range(range),
      close: () => kv.close(),
    },
    nodeReads: () => nodeReads,
  };
}

interface CommitSample {
  readonly prepareMs: number;
  readonly writeMs: number;
  readonly totalMs: number;
  readonly nodeReads: number;
  readonly writes: number;
  readonly writeBytes: number;
}

async function commitBatch(
  kv: KvStore,
  store: MerkleStore,
  nodeReads: () => number,
  changes: Map<string, Uint8Array | undefined>,
): Promise<CommitSample> {
  const reads = nodeReads();
  const start = performance.now();
  const prepared = store.prepareCommit(changes);
  const prepared_ = performance.now();
  await kv.writeBatch(prepared.writes);
  store.applied(prepared);
  const end = performance.now();
  let writeBytes = 0;
  for (const w of prepared.writes) writeBytes += w.key.length + (w.value?.length ?? 0);
  return {
    prepareMs: prepared_ - start,
    writeMs: end - prepared_,
    totalMs: end - start,
    nodeReads: nodeReads() - reads,
    writes: prepared.writes.length,
    writeBytes,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const memory = args.includes('--memory');
  const maxKeys = Number(args.find((a) => !a.startsWith('--')) ?? 1_000_000);
  const sizes = [10_000, 100_000, 1_000_000].filter((n) => n <= maxKeys);
  const hashesPerSecond = measureHashRate();
  const dir = memory ? undefined : mkdtempSync(join(tmpdir(), 'polity-state-bench-'));
  const raw = dir === undefined ? createMemoryKvStore() : await openLevelStore(dir);
  const { kv, nodeReads } = countingKv(raw);
  const store = createMerkleStore({ kv });
  let built = 0;
  let buildMs = 0;
  const benchStart = performance.now();
  const results: unknown[] = [];
  try {
    for (const size of sizes) {
      while (built < size) {
        const changes = new Map<string, Uint8Array | undefined>();
        const upTo = Math.min(size, built + buildBatchKeys);
        for (let i = built; i < upTo; i++) changes.set(hex(keyOf(i)), valueOf(i, 0));
        buildMs += (await commitBatch(kv, store, nodeReads, changes)).totalMs;
        built = upTo;
      }
      // The measured block commits: 20,000 updates each, three quarters to existing keys, one
      // quarter inserts; several samples because one commit can absorb a major GC.
      const samples: CommitSample[] = [];
      for (let r = 0; r < commitSamples; r++) {
        const changes = new Map<string, Uint8Array | undefined>();
        for (let j = 0; j < updateBatchKeys * 0.75; j++) {
          const i = (j * 7919 + r * 104_729) % size;
          changes.set(hex(keyOf(i)), valueOf(i, store.version));
        }
        for (let j = 0; changes.size < updateBatchKeys; j++)
          changes.set(hex(keyOf(10_000_000 + size * 10 + r * updateBatchKeys + j)), valueOf(j, 1));
        samples.push(await commitBatch(kv, store, nodeReads, changes));
      }
      const totals = samples.map((s) => s.totalMs);

      const probe = Array.from({ length: proofSamples }, (_, j) => keyOf((j * 104729) % size));
      const readsBefore = nodeReads();
      let start = performance.now();
      const proofs = probe.map((k) => store.prove(k));
      const proveSeconds = (performance.now() - start) / 1000;
      const proofNodeReads = nodeReads() - readsBefore;
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
      const commitMs = median(totals);
      results.push({
        keys: size,
        log2Keys: Number(Math.log2(size).toFixed(2)),
        commitMsMedian: round1(commitMs),
        commitMsMin: round1(Math.min(...totals)),
        commitMsMax: round1(Math.max(...totals)),
        prepareMsMedian: round1(median(samples.map((s) => s.prepareMs))),
        writeMsMedian: round1(median(samples.map((s) => s.writeMs))),
        commitNodeReadsMedian: median(samples.map((s) => s.nodeReads)),
        commitWrites: samples[0]!.writes,
        commitWriteBytes: samples[0]!.writeBytes,
        commitMedianInHashes: Math.round((commitMs / 1000) * hashesPerSecond),
        proofsPerSecond: Math.round(proofsPerSecond),
        proofNodeReadsPerProof: Number((proofNodeReads / proofSamples).toFixed(2)),
        verifiesPerSecond: Math.round(verifiesPerSecond),
        proofToHashRatio: Number((proofsPerSecond / hashesPerSecond).toFixed(4)),
        verifyToHashRatio: Number((verifiesPerSecond / hashesPerSecond).toFixed(4)),
        proofBytesMean: Math.round(sizesBytes.reduce((a, b) => a + b, 0) / sizesBytes.length),
        proofBytesMax: Math.max(...sizesBytes),
        proofDepthMean: Number((depths.reduce((a, b) => a + b, 0) / depths.length).toFixed(2)),
        proofDepthMax: Math.max(...depths),
        heapUsedMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
        arrayBuffersMB: Math.round(process.memoryUsage().arrayBuffers / 2 ** 20),
        rssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
      });
    }
  } finally {
    await kv.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
  const baseline = 'measureHashRate (bench/baseline.ts): sha256 of 64-byte inputs on one core';
  process.stdout.write(
    JSON.stringify({
      bench: 'state',
      node: process.version,
      storage:
        dir === undefined
          ? 'createMemoryKvStore (no disk)'
          : 'openLevelStore (LevelDB, temp dir, sync: true batches)',
      baseline,
      sha256PerSecond: Math.round(hashesPerSecond),
      buildBatchKeys,
      updateBatchKeys,
      buildMsTotal: Math.round(buildMs),
      benchSeconds: Math.round((performance.now() - benchStart) / 1000),
      results,
    }) + '\n',
  );
}

await main();

// `npm run bench`: runs every benchmark in its own process (separate heaps, no interference) and
// prints one JSON document: the machine, then each benchmark's figures with the baseline it
// measured in the same run and their ratio. Timings are never asserted; compare ratios.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';

// bft.bench.ts takes ~12 minutes: it builds a 10,000-block chain for the catch-up figure.
const benches = ['throughput.bench.ts', 'state.bench.ts', 'bft.bench.ts'];

const results: unknown[] = [];
for (const file of benches) {
  process.stderr.write(`bench: running ${file}\n`);
  const run = spawnSync(process.execPath, [join(import.meta.dirname, file)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 30 * 60 * 1000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0) {
    results.push({ bench: file, error: `exited with ${String(run.status ?? run.signal)}` });
    continue;
  }
  results.push(JSON.parse(run.stdout) as unknown);
}

const report = {
  date: new Date().toISOString(),
  machine: {
    node: process.version,
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryBytes: totalmem(),
  },
  results,
};
const text = JSON.stringify(report, null, 2);
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(join(import.meta.dirname, 'results', 'latest.json'), text + '\n');
console.log(text);

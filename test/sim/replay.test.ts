// A seed replays identically: the same scenario, the same events in the same order, the same
// commits — twice in one process (no state leaks between runs through module caches) and in a
// fresh process. This is what makes every failure report (`npm run test:sim -- --seed S`)
// reproducible. The runs happen in child processes of `run.ts`: the test runner's async
// bookkeeping makes the simulator's many promise turns slow in-process.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import type { SweepSummary } from './sweep.ts';

const run = async (...args: string[]): Promise<SweepSummary> => {
  const { stdout } = await promisify(execFile)(process.execPath, [
    join(import.meta.dirname, 'run.ts'),
    ...args,
  ]);
  return JSON.parse(stdout) as SweepSummary;
};

// Seed 5: lossy links, partitions. Seed 13: twins, partitions, crashes, duplicated messages.
// Seed 2: an equivocating, double-voting validator and crashes.
const seeds = ['2', '5', '13'];

test('the same seed replays identically, in one process and in another', async () => {
  const [twice, again] = await Promise.all([
    run('--seeds', '1', '--from', '5', '--repeat', '2'),
    run('--seed', '5'),
  ]);
  assert.deepEqual(twice.failures, []);
  assert.ok(twice.faultsInjected.partitions > 0 && twice.faultsInjected.messagesLost > 0);
  assert.equal(again.traces?.['5'], twice.traces?.['5']);
  const others = await Promise.all(seeds.map((s) => run('--seed', s, '--repeat', '2')));
  for (const summary of others) assert.deepEqual(summary.failures, []);
  const hashes = others.map((s) => Object.values(s.traces ?? {})[0]);
  assert.equal(new Set(hashes).size, seeds.length, 'different seeds give different traces');
});

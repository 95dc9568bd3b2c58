// Block time under wrong and lying clocks: the `clocks` scenarios (seven equal validators; one
// clock 10 s fast and then 10 s slow, or the reverse; one Byzantine validator signing every vote
// an hour or a day off; the sweep's network faults, partitions and crashes around them) keep the
// time invariant — every block's time within what the right clocks read — besides all the others.
// With the proposer's clock as block time, most of these seeds failed it by up to ten seconds.
// They run in a child process of `run.ts` (see sweep.test.ts for why).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import type { SweepSummary } from './sweep.ts';

const seeds = { from: 1, count: 12 } as const;

test(`clocks scenarios ${seeds.from}..${seeds.from + seeds.count - 1}: block times stay within the right clocks`, async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      join(import.meta.dirname, 'run.ts'),
      '--scenario',
      'clocks',
      '--from',
      String(seeds.from),
      '--seeds',
      String(seeds.count),
    ],
    { timeout: 240_000 },
  ).catch((error: unknown) => {
    // A failing sweep exits with 1 but still prints its summary.
    const out = (error as { stdout?: unknown }).stdout;
    if (typeof out === 'string' && out.length > 0) return { stdout: out };
    throw error;
  });
  const summary = JSON.parse(stdout) as SweepSummary;
  const failures = summary.failures.map((f) => f.message);
  assert.deepEqual(failures, [], failures.join('\n'));
  assert.equal(summary.passed, seeds.count);
  assert.equal(summary.coverage.roles['byzantine'], seeds.count, 'every run has a liar');
  assert.ok(summary.heightsCommitted >= 5 * seeds.count, 'the chain kept committing');
});

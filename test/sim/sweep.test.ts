// The simulator's sweep in `npm test`: a few hundred seeds, each a different mix of validators,
// powers and faults, every invariant checked after every event. The seeds run in two child
// processes of `run.ts` (one per core; the test runner's async bookkeeping also makes the
// simulator's promise turns much slower in-process). A failure names its seed and the command
// that replays it. The sweep also checks that it covered what it claims to cover.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { validatorCounts } from './scenario.ts';
import type { SweepSummary } from './sweep.ts';

/** Seeds swept by `npm test` (`npm run test:sim -- --seeds N --from S` sweeps others). */
const seeds = { from: 1, count: 240 } as const;
const processes = 2;
/** A bound on each child's run, so a livelocked sweep fails instead of hanging. */
const childTimeoutMs = 240_000;

function sweepInChild(from: number, count: number): Promise<SweepSummary> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, 'run.ts'), '--from', String(from), '--seeds', String(count)],
      { stdio: ['ignore', 'pipe', 'pipe'], timeout: childTimeoutMs },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      try {
        resolve(JSON.parse(out) as SweepSummary);
      } catch {
        reject(new Error(`sweep of seeds from ${from} exited with ${code ?? signal}:\n${err}`));
      }
    });
  });
}

test(`sweep: seeds ${seeds.from}..${seeds.from + seeds.count - 1} keep every invariant`, async () => {
  const share = Math.ceil(seeds.count / processes);
  const parts = await Promise.all(
    Array.from({ length: processes }, (_, i) =>
      sweepInChild(seeds.from + i * share, Math.min(share, seeds.count - i * share)),
    ),
  );
  const failures = parts.flatMap((p) => p.failures.map((f) => f.message));
  assert.deepEqual(failures, [], `${failures.length} seed(s) failed:\n${failures.join('\n')}`);
  assert.equal(
    parts.reduce((n, p) => n + p.seedsRun, 0),
    seeds.count,
  );

  // The sweep covered what it claims: every size, both power styles, every kind of fault.
  const covered = (pick: (p: SweepSummary) => Record<string, number>): string[] =>
    [...new Set(parts.flatMap((p) => Object.keys(pick(p))))].sort();
  assert.deepEqual(
    covered((p) => p.coverage.validators),
    validatorCounts.map(String).sort(),
  );
  assert.deepEqual(
    covered((p) => p.coverage.powers),
    ['equal', 'unequal'],
  );
  assert.deepEqual(
    covered((p) => p.coverage.roles),
    ['byzantine', 'honest', 'twins'],
  );
  const sum = (pick: (p: SweepSummary) => number): number => parts.reduce((n, p) => n + pick(p), 0);
  for (const kind of Object.keys(parts[0]?.faultsInjected ?? {})) {
    const count = sum((p) => p.faultsInjected[kind as keyof SweepSummary['faultsInjected']]);
    assert.ok(count > 0, `no ${kind} injected`);
  }
  assert.ok(sum((p) => p.evidenceCommitted) > 0, 'no evidence of double voting was committed');
  assert.ok(sum((p) => p.txsAccepted) > 0, 'no transaction was accepted');
  assert.ok(sum((p) => p.heightsCommitted) >= 8 * seeds.count, 'too few heights committed');
});

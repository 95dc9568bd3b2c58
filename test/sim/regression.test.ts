// Seeds the simulator found failing with the first version of src/consensus (each liveness: the
// chain stopped for good after the network healed), kept as regressions beside the sweep (which
// also contains 17 of them among its first 240 seeds). What each needed:
//   545 (N=1), 430 (N=2), 251, 349 (N=3): a restarted validator whose own signed vote was not in
//     its WAL could not reproduce or re-send it, and its round stalled — own messages are now sent
//     only once their WAL entry is durable, and re-sent on rebroadcast after a replay;
//   118, 342 (N=5, N=4): peers locked on a value could accept only its re-proposal, whose polka
//     the others had missed — a re-proposal now travels with the prevotes of its polka;
//   231, 503 (N=5, N=7): an equivocator's vote was counted for whichever value arrived first, so
//     nodes could not see a polka others had seen — it now counts towards each value it names;
//   154, 587: both of the last two.
// And two the checker itself got wrong (double-sign, N=5 with twins): honest nodes relay a
// re-proposal's proof-of-lock prevotes, twins' conflicting ones included, and every message a
// node sent was attributed to it — only what a node signed with its own key counts now:
//   108536, 108754 (found by a 10,000-seed sweep; see invariants.test.ts for the checker's test).
// They run in a child process of `run.ts` (see sweep.test.ts for why).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import type { SweepSummary } from './sweep.ts';

const seeds = [545, 430, 251, 349, 118, 342, 231, 503, 154, 587, 108536, 108754];

test(`regression seeds ${seeds.join(', ')} keep every invariant`, async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(import.meta.dirname, 'run.ts'), '--list', seeds.join(',')],
    { timeout: 120_000 },
  ).catch((error: unknown) => {
    // A failing sweep exits with 1 but still prints its summary.
    const out = (error as { stdout?: unknown }).stdout;
    if (typeof out === 'string' && out.length > 0) return { stdout: out };
    throw error;
  });
  const summary = JSON.parse(stdout) as SweepSummary;
  const failures = summary.failures.map((f) => f.message);
  assert.deepEqual(failures, [], failures.join('\n'));
  assert.equal(summary.passed, seeds.length);
});

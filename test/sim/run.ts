// The simulator's command line: sweeps seeds and prints a JSON summary on stdout.
//   node test/sim/run.ts --seeds N [--from S]      seeds S .. S+N-1 (S defaults to 1)
//   node test/sim/run.ts --seed S [--verbose]      one seed (--verbose prints its trace on stderr)
//   node test/sim/run.ts --list S1,S2,...          the seeds listed
//   --scenario sweep|fork                          the family of scenarios (default: sweep)
//   --repeat N                                     run each seed N times; differing traces fail
// Failures are printed on stderr as they happen, each with its seed and the command replaying it;
// the exit code is 1 when any seed failed.
import { parseArgs } from 'node:util';
import { scenarioKinds, type ScenarioKind } from './scenario.ts';
import { SimFailure } from './simulation.ts';
import { runSweep } from './sweep.ts';

const usage = `usage: node test/sim/run.ts --seeds N [--from S] | --seed S | --list S1,S2  [--verbose] [--scenario ${scenarioKinds.join('|')}] [--repeat N]\n`;

const { values } = parseArgs({
  options: {
    seeds: { type: 'string' },
    from: { type: 'string' },
    seed: { type: 'string' },
    list: { type: 'string' },
    scenario: { type: 'string', default: 'sweep' },
    repeat: { type: 'string', default: '1' },
    verbose: { type: 'boolean', default: false },
  },
});

const single = values.seed === undefined ? undefined : Number(values.seed);
const from = single ?? Number(values.from ?? '1');
const count = single === undefined ? Number(values.seeds ?? '100') : 1;
const kind: ScenarioKind | undefined = scenarioKinds.find((k) => k === values.scenario);
const repeat = Number(values.repeat);
const seeds =
  values.list === undefined
    ? Array.from({ length: Math.max(0, count) }, (_, i) => from + i)
    : values.list.split(',').map(Number);
if (
  seeds.length === 0 ||
  !seeds.every((s) => Number.isSafeInteger(s) && s >= 0) ||
  !Number.isSafeInteger(repeat) ||
  repeat < 1 ||
  kind === undefined
) {
  process.stderr.write(usage);
  process.exit(2);
}

const write = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
const startedMs = performance.now();
const summary = await runSweep({
  kind,
  seeds,
  repeat,
  trace: () => (values.verbose && single !== undefined ? write : undefined),
  onSeed({ seed, wallMs, result, failure }) {
    if (failure !== undefined) {
      write(failure.message);
      if (values.verbose && failure instanceof SimFailure)
        write(`  last events:\n    ${failure.traceTail.join('\n    ')}`);
    } else if (values.verbose && result !== undefined) {
      write(
        `seed ${seed}: ok in ${Math.round(wallMs)}ms, height ${result.height} (healed at ${result.heightAtHeal}), ${result.events} events, trace ${result.traceHash.slice(0, 16)} — ${result.scenario}`,
      );
    }
  },
});
const wallSeconds = Math.round((performance.now() - startedMs) / 100) / 10;
process.stdout.write(`${JSON.stringify({ ...summary, wallSeconds }, null, 2)}\n`);
process.exitCode = summary.failures.length > 0 ? 1 : 0;

// Sweeping seeds: runs one scenario per seed and sums up what happened (heights, faults injected,
// evidence, what the scenarios covered) and which seeds failed, with their messages.
import { noFaults } from './faults.ts';
import { scenarioOf, type ScenarioKind } from './scenario.ts';
import { runSimulation, SimFailure, type FaultCounts, type SimResult } from './simulation.ts';

/** The summary of a sweep (what `run.ts` prints as JSON). */
export interface SweepSummary {
  scenario: ScenarioKind;
  seedsFrom: number;
  seedsRun: number;
  passed: number;
  heightsCommitted: number;
  heightsMax: number;
  simulatedSeconds: number;
  events: number;
  faultsInjected: FaultCounts;
  evidenceCommitted: number;
  txsSubmitted: number;
  txsAccepted: number;
  /** How many scenarios had each validator count, power style and faulty role. */
  coverage: {
    validators: Record<string, number>;
    powers: Record<string, number>;
    roles: Record<string, number>;
  };
  failures: { seed: number; message: string }[];
  /** The trace hash of each seed that passed (only kept for sweeps of a few seeds). */
  traces?: Record<string, string>;
}

/** Sweeps up to this many seeds report each seed's trace hash. */
const tracesReportedMax = 10;

/** Per-seed report for verbose output. */
export interface SeedReport {
  readonly seed: number;
  readonly wallMs: number;
  readonly result?: SimResult;
  readonly failure?: SimFailure | Error;
}

const bump = (record: Record<string, number>, key: string): void => {
  record[key] = (record[key] ?? 0) + 1;
};

/** Runs the given seeds of a scenario family, one after another. */
export async function runSweep(options: {
  readonly kind: ScenarioKind;
  readonly seeds: readonly number[];
  /** Runs each seed this many times (default 1) and fails it when the trace hashes differ. */
  readonly repeat?: number;
  readonly trace?: (seed: number) => ((line: string) => void) | undefined;
  readonly onSeed?: (report: SeedReport) => void;
}): Promise<SweepSummary> {
  const summary: SweepSummary = {
    scenario: options.kind,
    seedsFrom: options.seeds[0] ?? 0,
    seedsRun: 0,
    passed: 0,
    heightsCommitted: 0,
    heightsMax: 0,
    simulatedSeconds: 0,
    events: 0,
    faultsInjected: noFaults(),
    evidenceCommitted: 0,
    txsSubmitted: 0,
    txsAccepted: 0,
    coverage: { validators: {}, powers: {}, roles: {} },
    failures: [],
  };
  let simulatedMs = 0;
  for (const seed of options.seeds) {
    const scenario = scenarioOf(options.kind, seed);
    summary.seedsRun++;
    bump(summary.coverage.validators, String(scenario.powers.length));
    bump(summary.coverage.powers, new Set(scenario.powers).size === 1 ? 'equal' : 'unequal');
    for (const role of new Set(scenario.roles.map((r) => r.kind)))
      bump(summary.coverage.roles, role);
    const startedMs = performance.now();
    try {
      const trace = options.trace?.(seed);
      const result = await runSimulation(scenario, trace === undefined ? {} : { trace });
      for (let again = 1; again < (options.repeat ?? 1); again++) {
        const replayed = await runSimulation(scenarioOf(options.kind, seed));
        if (replayed.traceHash !== result.traceHash) {
          throw new Error(
            `simulation seed ${seed} is not deterministic: run ${again + 1} gave trace ${replayed.traceHash.slice(0, 16)}, run 1 gave ${result.traceHash.slice(0, 16)}`,
          );
        }
      }
      summary.passed++;
      summary.heightsCommitted += result.height;
      summary.heightsMax = Math.max(summary.heightsMax, result.height);
      simulatedMs += result.simulatedMs;
      summary.events += result.events;
      summary.evidenceCommitted += result.evidenceCommitted;
      summary.txsSubmitted += result.txs.submitted;
      summary.txsAccepted += result.txs.accepted;
      for (const key of Object.keys(result.faults) as (keyof FaultCounts)[])
        summary.faultsInjected[key] += result.faults[key];
      if (options.seeds.length <= tracesReportedMax)
        (summary.traces ??= {})[seed] = result.traceHash;
      options.onSeed?.({ seed, wallMs: performance.now() - startedMs, result });
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      summary.failures.push({ seed, message: failure.message });
      options.onSeed?.({ seed, wallMs: performance.now() - startedMs, failure });
    }
  }
  summary.simulatedSeconds = Math.round(simulatedMs / 1000);
  return summary;
}

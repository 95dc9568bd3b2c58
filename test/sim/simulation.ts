// One simulated run: N validators of the real driver and chain application over the simulated
// clock, network and disks, with the scenario's faults on for a while; then the network heals,
// crashed nodes restart, and the chain must advance by `livenessHeights` heights (and evidence
// of double votes seen before the heal must be committed) within a bounded simulated time. The
// invariants are checked after every event; any failure throws a `SimFailure` naming the seed,
// the scenario and the command that replays it.
import { createChainApp, inlineVerifier, type ChainApp } from '../../src/chain/index.ts';
import {
  defaultConsensusConfig,
  timeoutMs,
  type ConsensusConfig,
  type DriverEvent,
} from '../../src/consensus/index.ts';
import { toHex } from '../../src/lib/index.ts';
import { silentLogger } from '../support/silentLogger.ts';
import { createMemoryKvStore } from '../../src/state/index.ts';
import { noFaults, scheduleFaults, type FaultCounts, type FaultState } from './faults.ts';
import {
  createChecker,
  evidenceId,
  ViolationError,
  type Checker,
  type Violation,
} from './invariants.ts';
import { healthyLinks } from './network.ts';
import { createPrng, type Prng } from './prng.ts';
import {
  describeScenario,
  keyIndexOf,
  replayCommand,
  rightClock,
  type Scenario,
} from './scenario.ts';
import { createScheduler, type Scheduler } from './scheduler.ts';
import type { NodeObserver } from './simNode.ts';
import { createTrace, describeMessage, type Trace } from './trace.ts';
import { injectDoomedTx, submitRandomTransfer, type TxStats } from './txStream.ts';
import { createWorld, simGenesisTimeMs, simParties, type World } from './world.ts';

export type { FaultCounts } from './faults.ts';
export { simGenesisTimeMs } from './world.ts';

/** Most simulated events in one run (a bound, so a livelock fails instead of spinning). */
export const simEventsMax = 2_000_000;

/** What a run produced. */
export interface SimResult {
  readonly seed: number;
  readonly scenario: string;
  /** Height of the finalised chain at the end. */
  readonly height: number;
  readonly heightAtHeal: number;
  readonly simulatedMs: number;
  readonly events: number;
  /** sha256 over every event fired and every commit, in order: equal seeds give equal traces. */
  readonly traceHash: string;
  readonly faults: FaultCounts;
  readonly evidenceCommitted: number;
  readonly evidenceRequired: number;
  readonly txs: TxStats;
}

/** A failed run: the message says what failed, with the seed, the scenario and how to replay. */
export class SimFailure extends Error {
  readonly seed: number;
  readonly violation: Violation;
  readonly traceTail: readonly string[];
  constructor(scenario: Scenario, violation: Violation, traceTail: readonly string[]) {
    super(
      `simulation seed ${scenario.seed} failed: ${violation.invariant}: ${violation.detail}\n` +
        `  scenario: ${describeScenario(scenario)}\n` +
        `  replay:   ${replayCommand(scenario)} --verbose`,
    );
    this.seed = scenario.seed;
    this.violation = violation;
    this.traceTail = traceTail;
  }
}

/** Options of a run. */
export interface SimOptions {
  readonly config?: ConsensusConfig;
  /** Called with each trace line (verbose mode). */
  readonly trace?: (line: string) => void;
  /** Called at the end with the reference application (every finalised block applied). */
  readonly inspect?: (reference: ChainApp) => void;
}

/** The default consensus timing with round timeouts scaled (pacing and rebroadcast unchanged). */
export function scaledConfig(scale: number): ConsensusConfig {
  const d = defaultConsensusConfig;
  const scaled = (ms: number): number => Math.max(1, Math.round(ms * scale));
  return {
    ...d,
    proposeBaseMs: scaled(d.proposeBaseMs),
    proposeDeltaMs: scaled(d.proposeDeltaMs),
    prevoteBaseMs: scaled(d.prevoteBaseMs),
    prevoteDeltaMs: scaled(d.prevoteDeltaMs),
    precommitBaseMs: scaled(d.precommitBaseMs),
    precommitDeltaMs: scaled(d.precommitDeltaMs),
  };
}

/** The longest one height can take once the network is healthy, at rounds up to `round`. */
function heightBoundMs(config: ConsensusConfig, round: number): number {
  const roundMs = (r: number): number =>
    timeoutMs(config, 'propose', r) +
    timeoutMs(config, 'prevote', r) +
    timeoutMs(config, 'precommit', r);
  return config.emptyBlockIntervalMs + roundMs(round) + roundMs(round + 1) + roundMs(round + 2);
}

/** What the liveness phase must reach, set at the heal. */
interface Liveness {
  heightAtHeal: number;
  target: number;
  deadline: number;
  /** Evidence honest nodes held at the heal (by id): it must reach a block. */
  readonly evidence: Set<string>;
}

/** What the simulation observes of the nodes: commits, messages sent, failures. */
function observerOf(checker: Checker, trace: Trace, faults: FaultState): NodeObserver {
  return {
    committed(node, committed, root) {
      trace.line(`commit ${node.name} ${committed.height} ${toHex(committed.hash)}`);
      checker.committed(node.name, committed, root);
    },
    driverEvent(node, event: DriverEvent) {
      // Commits are checked through the application; the rest only shows in verbose traces.
      if (event.type === 'committed') return;
      trace.detail(() =>
        event.type === 'round'
          ? `  [${node.name}] round ${event.height}/${event.round}`
          : event.type === 'behind'
            ? `  [${node.name}] behind ${event.peer} at ${event.peerHeight}`
            : `  [${node.name}] evidence ${evidenceId(event.evidence).slice(0, 12)}`,
      );
    },
    sent(node, to, message) {
      trace.detail(() => `  [${node.name} -> ${to}] ${describeMessage(message)}`);
      checker.sent(
        node.name,
        { honest: node.role.kind === 'honest', address: node.address },
        message,
      );
      const crash = faults.crashOnSend.get(node.name);
      if (crash !== undefined) {
        faults.crashOnSend.delete(node.name);
        crash();
      }
    },
    failed(node, error) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      checker.fail({ invariant: 'crash', detail: `${node.name} threw: ${detail}` });
    },
  };
}

/** Submits transfers at random moments for the whole run. */
function scheduleWorkload(
  scenario: Scenario,
  scheduler: Scheduler,
  world: World,
  prng: Prng,
  checker: Checker,
): TxStats {
  const stats: TxStats = { submitted: 0, accepted: 0, doomed: 0 };
  const next = (): void => {
    if (scenario.txIntervalMs <= 0) return;
    const delayMs = Math.max(1, Math.round(prng.exponential(scenario.txIntervalMs)));
    scheduler.schedule(delayMs, 'tx', () => {
      submitRandomTransfer({
        chainId: world.genesis.chainId,
        accounts: world.accounts,
        nodes: world.nodes,
        network: world.network,
        prng,
        stats,
        onError: (error) => {
          checker.fail({
            invariant: 'crash',
            detail: `submitting a transaction threw: ${String(error)}`,
          });
        },
      });
      const targets = scenario.doomedTxsTo ?? [];
      if (targets.length > 0 && prng.chance(0.3))
        injectDoomedTx({
          chainId: world.genesis.chainId,
          accounts: world.accounts,
          nodes: world.nodes,
          targets,
          prng,
          stats,
        });
      next();
    });
  };
  next();
  return stats;
}

/** The heal: faults off, partitions healed, every node running; liveness is measured from here. */
function scheduleHeal(input: {
  readonly scenario: Scenario;
  readonly config: ConsensusConfig;
  readonly scheduler: Scheduler;
  readonly world: World;
  readonly checker: Checker;
  readonly faults: FaultState;
  readonly trace: Trace;
}): Liveness {
  const { scenario, config, scheduler, world, faults } = input;
  const liveness: Liveness = {
    heightAtHeal: 0,
    target: Number.POSITIVE_INFINITY,
    deadline: Number.POSITIVE_INFINITY,
    evidence: new Set(),
  };
  scheduler.schedule(scenario.faultsMs, 'heal', () => {
    faults.healed = true;
    world.network.setFaults(healthyLinks);
    world.network.setPartition(undefined);
    faults.crashOnSend.clear();
    for (const node of world.nodes) {
      if (!node.isUp()) node.start();
      if (node.role.kind !== 'honest') continue;
      for (const e of node.driver()?.pendingEvidence() ?? []) liveness.evidence.add(evidenceId(e));
    }
    liveness.heightAtHeal = input.checker.finalisedHeight();
    liveness.target = liveness.heightAtHeal + scenario.livenessHeights;
    const maxRound = Math.max(0, ...world.nodes.map((n) => n.driver()?.status().round ?? 0));
    const boundMs =
      10_000 +
      heightBoundMs(config, maxRound + 2) +
      scenario.livenessHeights * heightBoundMs(config, 1);
    liveness.deadline = scheduler.now() + boundMs;
    input.trace.line(
      `heal at height ${liveness.heightAtHeal}, round ${maxRound}, deadline +${boundMs}ms`,
    );
  });
  return liveness;
}

/** Why the run missed its deadline: liveness, or evidence that never reached a block. */
function deadlineViolation(
  world: World,
  checker: Checker,
  liveness: Liveness,
  elapsedMs: number,
): Violation {
  const missing = [...liveness.evidence].filter((id) => !checker.evidenceCommitted(id));
  const reached = world.honest.every((n) => (n.app()?.tip().height ?? 0) >= liveness.target);
  if (reached && missing.length > 0) {
    return {
      invariant: 'evidence',
      detail: `${missing.length} evidence item(s) held by honest nodes at the heal were not committed by ${elapsedMs}ms`,
    };
  }
  const where = world.nodes
    .map((n) => {
      const st = n.driver()?.status();
      return st === undefined
        ? `${n.name}:down`
        : `${n.name}@${st.height}/${st.round}/${st.step}/L${st.lockedRound}/V${st.validRound}`;
    })
    .join(' ');
  return {
    invariant: 'liveness',
    detail: `after the heal at height ${liveness.heightAtHeal} the chain did not reach ${liveness.target} on every honest node by ${elapsedMs}ms (${where})`,
  };
}

/** Every running node's tip and state root, for the identical-state check. */
function tipsOf(world: World): { node: string; height: number; root: Uint8Array }[] {
  return world.nodes.flatMap((n) => {
    const app = n.app();
    return app === undefined || app.isWriting()
      ? []
      : [{ node: n.name, height: app.tip().height, root: app.state.root }];
  });
}

/** Runs a scenario to the end; throws `SimFailure` when an invariant fails. */
export async function runSimulation(
  scenario: Scenario,
  options: SimOptions = {},
): Promise<SimResult> {
  const config = options.config ?? scaledConfig(scenario.timeoutScale);
  const prng = createPrng(scenario.seed).fork('run');
  const scheduler = createScheduler(simGenesisTimeMs + 1_000);
  const start = scheduler.now();
  const trace = createTrace(options.trace);
  scheduler.onFire((at, label) => {
    trace.line(`${at - start} ${label}`);
  });

  const parties = simParties(scenario);
  const reference = await createChainApp({
    kv: createMemoryKvStore(),
    genesis: parties.genesis,
    mempool: { txsMax: 10, bytesMax: 1024 * 1024 },
    verifier: inlineVerifier,
    logger: silentLogger,
  });
  const rightSkews = Object.entries(scenario.clockSkewMs)
    .filter(([name]) => rightClock(scenario, keyIndexOf(name)))
    .map(([, skew]) => skew);
  const checker = createChecker(
    reference,
    parties.keys.map((k) => k.publicKey),
    {
      nowMs: () => scheduler.now(),
      startMs: start,
      genesisTimeMs: parties.genesis.genesisTimeMs,
      minSkewMs: Math.min(0, ...rightSkews),
      maxSkewMs: Math.max(0, ...rightSkews),
    },
  );
  const faults: FaultState = { healed: false, counts: noFaults(), crashOnSend: new Map() };
  const observer = observerOf(checker, trace, faults);
  const world = createWorld({ scenario, parties, config, scheduler, prng, observer, trace });
  scheduleFaults({
    scenario,
    scheduler,
    network: world.network,
    nodes: world.byName,
    trace,
    state: faults,
  });
  const txs = scheduleWorkload(scenario, scheduler, world, prng.fork('txs'), checker);
  const liveness = scheduleHeal({ scenario, config, scheduler, world, checker, faults, trace });
  for (const node of world.nodes) node.start();

  const fail = (violation: Violation): never => {
    throw new SimFailure(scenario, violation, trace.tail());
  };
  const done = (): boolean =>
    faults.healed &&
    world.honest.every((n) => (n.app()?.tip().height ?? 0) >= liveness.target) &&
    [...liveness.evidence].every((id) => checker.evidenceCommitted(id));
  try {
    await scheduler.drain();
    await checker.afterEvent();
    for (let events = 0; !done(); events++) {
      if (events > simEventsMax)
        fail({ invariant: 'liveness', detail: `more than ${simEventsMax} events` });
      if (!scheduler.fireNext()) fail({ invariant: 'liveness', detail: 'no event left to fire' });
      await scheduler.drain();
      checker.tips(tipsOf(world));
      await checker.afterEvent();
      if (scheduler.now() > liveness.deadline)
        fail(deadlineViolation(world, checker, liveness, liveness.deadline - start));
    }
  } catch (error) {
    if (error instanceof SimFailure) throw error;
    if (error instanceof ViolationError) fail(error.violation);
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    fail({ invariant: 'crash', detail });
  } finally {
    for (const node of world.nodes) node.halt();
  }
  options.inspect?.(reference);
  return {
    seed: scenario.seed,
    scenario: describeScenario(scenario),
    height: checker.finalisedHeight(),
    heightAtHeal: liveness.heightAtHeal,
    simulatedMs: scheduler.now() - start,
    events: scheduler.fired(),
    traceHash: trace.hash(),
    faults: countFaults(world, faults.counts),
    evidenceCommitted: checker.evidenceCount(),
    evidenceRequired: liveness.evidence.size,
    txs,
  };
}

function countFaults(world: World, counts: FaultCounts): FaultCounts {
  const out = { ...counts };
  for (const node of world.nodes) {
    out.walEntriesLost += node.disk.stats.walEntriesLost;
    out.diskWritesLostInCrash += node.disk.stats.writesLostInCrash;
  }
  const net = world.network.stats;
  out.messagesLost = net.lost;
  out.messagesDuplicated = net.duplicated;
  out.messagesReordered = net.reordered;
  out.messagesCut = net.cut;
  out.equivocations = world.byzantineStats.equivocations;
  out.doubleVotes = world.byzantineStats.doubleVotes;
  return out;
}

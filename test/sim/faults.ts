// Carrying out a scenario's fault plan on the simulated world: lossy links from the start,
// partition episodes that heal, and crashes (at a moment, or right after a node's next message)
// with restarts. Nothing new happens once the simulation has healed the network.
import type { SimNetwork } from './network.ts';
import type { Scenario } from './scenario.ts';
import type { Scheduler } from './scheduler.ts';
import type { SimNode } from './simNode.ts';
import type { Trace } from './trace.ts';

/** What was injected. */
export interface FaultCounts {
  messagesLost: number;
  messagesDuplicated: number;
  messagesReordered: number;
  messagesCut: number;
  partitions: number;
  crashes: number;
  walEntriesLost: number;
  diskWritesLostInCrash: number;
  equivocations: number;
  doubleVotes: number;
}

/** Counters at zero. */
export function noFaults(): FaultCounts {
  return {
    messagesLost: 0,
    messagesDuplicated: 0,
    messagesReordered: 0,
    messagesCut: 0,
    partitions: 0,
    crashes: 0,
    walEntriesLost: 0,
    diskWritesLostInCrash: 0,
    equivocations: 0,
    doubleVotes: 0,
  };
}

/** The fault side of a run, shared with the simulation. */
export interface FaultState {
  /** Set when the simulation heals the network: no fault starts after it. */
  healed: boolean;
  readonly counts: FaultCounts;
  /** Crashes armed to happen at a node's next message. */
  readonly crashOnSend: Map<string, () => void>;
}

/** Schedules the partitions and crashes of `scenario`; links are set faulty now. */
export function scheduleFaults(input: {
  readonly scenario: Scenario;
  readonly scheduler: Scheduler;
  readonly network: SimNetwork;
  readonly nodes: ReadonlyMap<string, SimNode>;
  readonly trace: Trace;
  readonly state: FaultState;
}): void {
  const { scenario, scheduler, network, trace, state } = input;
  const faultsEnd = scheduler.now() + scenario.faultsMs;
  network.setFaults(scenario.links);
  for (const p of scenario.partitions) {
    scheduler.schedule(p.atMs, 'partition', () => {
      if (state.healed) return;
      state.counts.partitions++;
      network.setPartition(p.groups);
      trace.line(`partition ${p.groups.map((g) => g.join(',')).join(' | ')}`);
    });
    scheduler.schedule(p.atMs + p.durationMs, 'partition heals', () => {
      network.setPartition(undefined);
    });
  }
  const crash = (node: SimNode, downMs: number): void => {
    if (state.healed || !node.isUp()) return;
    state.counts.crashes++;
    trace.line(`crash ${node.name}`);
    node.crash();
    // Back after `downMs`, or at the heal at the latest.
    const restartMs = Math.min(downMs, Math.max(0, faultsEnd - scheduler.now()));
    scheduler.schedule(restartMs, `restart ${node.name}`, () => {
      if (!node.isUp()) node.start();
    });
  };
  for (const c of scenario.crashes) {
    const node = input.nodes.get(c.node);
    if (node === undefined) continue;
    scheduler.schedule(c.atMs, `crash plan ${c.node}`, () => {
      const now = (): void => {
        crash(node, c.downMs);
      };
      if (c.trigger === 'time') now();
      else if (c.trigger === 'afterSend') state.crashOnSend.set(node.name, now);
      else node.disk.crashDuringNextOp(now);
    });
  }
}

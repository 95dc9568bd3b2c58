// The simulated network between nodes: every message is encoded on send and decoded on delivery
// (so receivers never share objects and the real codec is on the path), then lost, delayed,
// duplicated or reordered as the current fault settings say, and dropped at delivery when a
// partition separates the two ends or the receiver is down. Settings change over a run: the
// simulation switches the faults off when it heals the network.
import type { Prng } from './prng.ts';
import type { Scheduler } from './scheduler.ts';

/** How message delays are drawn, in milliseconds. */
export type DelayModel =
  | { readonly kind: 'uniform'; readonly minMs: number; readonly maxMs: number }
  | { readonly kind: 'exponential'; readonly minMs: number; readonly meanMs: number }
  | {
      readonly kind: 'bimodal';
      readonly fastMs: number;
      readonly slowMs: number;
      readonly slowP: number;
    };

/** The network's fault settings at a moment. */
export interface LinkFaults {
  readonly delay: DelayModel;
  /** Probability that a message is lost. */
  readonly lossP: number;
  /** Probability that a message is delivered twice (the copy has its own delay). */
  readonly duplicateP: number;
  /** Probability that a message is held back by an extra delay, so later ones overtake it. */
  readonly reorderP: number;
  readonly reorderExtraMs: number;
}

/** Settings of a healthy network: prompt delivery, nothing lost. */
export const healthyLinks: LinkFaults = {
  delay: { kind: 'uniform', minMs: 2, maxMs: 20 },
  lossP: 0,
  duplicateP: 0,
  reorderP: 0,
  reorderExtraMs: 0,
};

/** Counters of what the network did. */
export interface NetworkStats {
  sent: number;
  delivered: number;
  lost: number;
  duplicated: number;
  reordered: number;
  cut: number;
}

/** A receiver of messages on one channel. */
export type Receiver = (from: string, bytes: Uint8Array) => void;

/** The simulated network. */
export interface SimNetwork {
  /** Registers (or replaces) a node's receiver on a channel; `isUp` says whether it listens. */
  attach(node: string, channel: string, receiver: Receiver): void;
  /** Sends bytes from one node to another (`isUp(from)` is checked by the caller's port). */
  send(from: string, to: string, channel: string, bytes: Uint8Array): void;
  /** Every node name, in attach order. */
  nodes(): readonly string[];
  setFaults(faults: LinkFaults): void;
  /** Splits nodes into groups that cannot talk across; `undefined` heals. */
  setPartition(groups: readonly (readonly string[])[] | undefined): void;
  connected(a: string, b: string): boolean;
  readonly stats: NetworkStats;
}

/** Creates a network over the scheduler; `isUp` tells whether a node is running. */
export function createSimNetwork(
  scheduler: Scheduler,
  prng: Prng,
  isUp: (node: string) => boolean,
): SimNetwork {
  const receivers = new Map<string, Map<string, Receiver>>();
  const order: string[] = [];
  let faults: LinkFaults = healthyLinks;
  let groupOf: Map<string, number> | undefined;
  const stats: NetworkStats = {
    sent: 0,
    delivered: 0,
    lost: 0,
    duplicated: 0,
    reordered: 0,
    cut: 0,
  };

  const drawDelay = (): number => {
    const d = faults.delay;
    switch (d.kind) {
      case 'uniform':
        return prng.range(d.minMs, d.maxMs);
      case 'exponential':
        return d.minMs + Math.round(prng.exponential(d.meanMs));
      case 'bimodal':
        return prng.chance(d.slowP) ? d.slowMs + prng.int(d.slowMs) : prng.range(1, d.fastMs);
    }
  };
  const connected = (a: string, b: string): boolean =>
    groupOf === undefined || groupOf.get(a) === groupOf.get(b);

  const deliverLater = (from: string, to: string, channel: string, bytes: Uint8Array): void => {
    let delay = drawDelay();
    if (faults.reorderP > 0 && prng.chance(faults.reorderP)) {
      delay += prng.int(faults.reorderExtraMs + 1);
      stats.reordered++;
    }
    scheduler.schedule(delay, `deliver ${channel} ${from}->${to}`, () => {
      if (!isUp(to)) return;
      if (!connected(from, to)) {
        stats.cut++;
        return;
      }
      const receiver = receivers.get(to)?.get(channel);
      if (receiver === undefined) return;
      stats.delivered++;
      receiver(from, bytes);
    });
  };

  return {
    attach(node, channel, receiver) {
      let byChannel = receivers.get(node);
      if (byChannel === undefined) {
        byChannel = new Map();
        receivers.set(node, byChannel);
        order.push(node);
      }
      byChannel.set(channel, receiver);
    },
    send(from, to, channel, bytes) {
      scheduler.touch();
      stats.sent++;
      if (faults.lossP > 0 && prng.chance(faults.lossP)) {
        stats.lost++;
        return;
      }
      deliverLater(from, to, channel, bytes);
      if (faults.duplicateP > 0 && prng.chance(faults.duplicateP)) {
        stats.duplicated++;
        deliverLater(from, to, channel, bytes);
      }
    },
    nodes: () => order,
    setFaults(next) {
      faults = next;
    },
    setPartition(groups) {
      if (groups === undefined) {
        groupOf = undefined;
        return;
      }
      groupOf = new Map();
      groups.forEach((group, i) => {
        for (const node of group) groupOf?.set(node, i);
      });
    },
    connected,
    stats,
  };
}

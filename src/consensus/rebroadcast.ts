// Liveness over a lossy network: every rebroadcastMs this node announces its height and round (a
// peer that is behind learns it and asks this node for the blocks it lacks) and sends its own
// latest messages of the height again, because any of them may have been lost and a round cannot
// end without them; pending evidence goes out again too.
import type { TimerHandle, Timers } from '../ports/index.ts';
import type { ConsensusConfig } from './config.ts';
import type { EvidencePool } from './evidencePool.ts';
import type { HeightState } from './heightState.ts';
import type { ConsensusMessage } from './messages.ts';
import type { ConsensusNetwork } from './ports.ts';

/** What rebroadcasting needs from the driver. */
export interface RebroadcastPorts {
  readonly timers: Timers;
  readonly config: ConsensusConfig;
  readonly network: ConsensusNetwork;
  readonly evidence: EvidencePool;
  /** False once the driver stopped. */
  running(): boolean;
  /** The driver's height state. */
  current(): HeightState | undefined;
}

/** The periodic rebroadcast of a driver. */
export interface Rebroadcast {
  start(): void;
  stop(): void;
}

/**
 * What this node sends again for `h`: its status, its own latest messages, and with a proposal
 * of the current round the prevotes of its polka (a peer that missed them could not accept it).
 */
export function rebroadcastMessages(h: HeightState): ConsensusMessage[] {
  const messages: ConsensusMessage[] = [
    { kind: 'status', height: h.height, round: Math.max(0, h.machine.round) },
    ...h.own.values(),
  ];
  const proposal = h.own.get('proposal');
  if (proposal?.kind === 'proposal' && proposal.signed.proposal.round === h.machine.round)
    messages.push(...h.ownProposalPol);
  return messages;
}

/** Creates the rebroadcast of a driver (started by `start`). */
export function createRebroadcast(ports: RebroadcastPorts): Rebroadcast {
  const { timers, config, network, evidence } = ports;
  let timer: TimerHandle | undefined;

  const schedule = (): void => {
    timer = timers.schedule(config.rebroadcastMs, () => {
      if (!ports.running()) return;
      const h = ports.current();
      if (h !== undefined) {
        for (const message of rebroadcastMessages(h)) network.broadcast(message);
        evidence.announce();
      }
      schedule();
    });
  };

  return {
    start: schedule,
    stop() {
      timer?.cancel();
    },
  };
}

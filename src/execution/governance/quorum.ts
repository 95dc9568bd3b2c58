// Adaptive quorum: each chamber keeps a moving average of its turnout, and its quorum sits at the
// same point between the chamber's clamps. When turnout falls, quorum follows it down (so apathy
// cannot block every decision) but never below the lower clamp (so a handful cannot decide);
// when turnout rises, quorum rises, up to the upper clamp.
import type { Chamber, QuorumClamp } from './types.ts';
import type { GovernanceState } from './state.ts';

/** Weight of the newest turnout in the moving average, in fifths (1/5 = 20%). */
const newestFifths = 1;

/** The quorum, in basis points, for a turnout average `averageBps`. */
export function quorumBps(clamp: QuorumClamp, averageBps: number): number {
  const span = clamp.maxBps - clamp.minBps;
  return clamp.minBps + Math.floor((span * averageBps) / 10_000);
}

/** The turnout average after a tally with turnout `turnoutBps`. */
export function nextTurnoutAverage(averageBps: number, turnoutBps: number): number {
  const t = Math.min(10_000, Math.max(0, turnoutBps));
  return Math.floor((averageBps * (5 - newestFifths) + t * newestFifths) / 5);
}

/** Each chamber's quorum now, in basis points. */
export function chamberQuorums(gov: GovernanceState): Record<Chamber, number> {
  const { quorum } = gov.params;
  const average = gov.turnoutAverageBps;
  return {
    stake: quorumBps(quorum.stake, average.stake),
    members: quorumBps(quorum.members, average.members),
    maintainers: quorumBps(quorum.maintainers, average.maintainers),
  };
}

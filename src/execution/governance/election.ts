// Maintainers' council elections: members approve any number of candidates, and the seats go to
// the candidates with the most counted weight (plurality per seat; ties to the lower id, so every
// node seats the same people). Delegation and the entity cap work as in any members' vote.
// A maintainer may serve a bounded number of consecutive terms, then must sit one out.
import {
  cappedWeights,
  controllerOf,
  decidingCap,
  eligibleWeight,
  entityCap,
  type Voter,
} from './tally.ts';

/** A seat on the maintainers' council. */
export interface Seat {
  readonly holder: string;
  readonly termEndMs: number;
  /** Terms served back to back, this one included. */
  readonly consecutiveTerms: number;
}

/** Whether `candidate` may stand: not if it would exceed the consecutive-term limit. */
export function mayStand(
  candidate: string,
  council: readonly Seat[],
  consecutiveTermsMax: number,
): boolean {
  const seat = council.find((s) => s.holder === candidate);
  return seat === undefined || seat.consecutiveTerms < consecutiveTermsMax;
}

/** Counted weight per candidate. */
export function electionTally(
  voters: readonly Voter[],
  ballots: ReadonlyMap<string, readonly string[]>,
  candidates: readonly string[],
  capBps: number,
): ReadonlyMap<string, bigint> {
  const byId = new Map(voters.map((v) => [v.id, v]));
  const level = entityCap(voters, capBps);
  const weightOf = cappedWeights(voters, level);
  const cap = decidingCap(level, eligibleWeight(voters, level), capBps);
  const standing = new Set(candidates);
  // Weight each controller decides, grouped by the controller's entity for the cap.
  const byEntity = new Map<string, Map<string, bigint>>();
  for (const voter of voters) {
    const weight = weightOf.get(voter.id) ?? 0n;
    if (weight === 0n) continue;
    const controller = controllerOf(voter, byId, (id) => ballots.has(id));
    if (controller === undefined) continue;
    let row = byEntity.get(controller.entity);
    if (row === undefined) {
      row = new Map<string, bigint>();
      byEntity.set(controller.entity, row);
    }
    row.set(controller.id, (row.get(controller.id) ?? 0n) + weight);
  }
  const counts = new Map<string, bigint>(candidates.map((c) => [c, 0n]));
  for (const row of byEntity.values()) {
    let total = 0n;
    for (const w of row.values()) total += w;
    for (const [controller, w] of row) {
      // An entity over the cap has each of its ballots scaled down in proportion.
      const counted = total > cap ? (w * cap) / total : w;
      for (const c of new Set(ballots.get(controller))) {
        const sofar = counts.get(c);
        if (standing.has(c) && sofar !== undefined) counts.set(c, sofar + counted);
      }
    }
  }
  return counts;
}

/** The winners: the `seats` candidates with most weight (at least some), ties to the lower id. */
export function electedSeats(counts: ReadonlyMap<string, bigint>, seats: number): string[] {
  return [...counts.entries()]
    .filter(([, w]) => w > 0n)
    .sort(([a, wa], [b, wb]) => (wa !== wb ? (wa > wb ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0))
    .slice(0, seats)
    .map(([c]) => c);
}

/** The council after an election enacted at `nowMs`: winners seated for a term. */
export function nextCouncil(
  council: readonly Seat[],
  winners: readonly string[],
  nowMs: number,
  termMs: number,
): Seat[] {
  return winners.map((holder) => {
    const previous = council.find((s) => s.holder === holder);
    return {
      holder,
      termEndMs: nowMs + termMs,
      consecutiveTerms: previous === undefined ? 1 : previous.consecutiveTerms + 1,
    };
  });
}

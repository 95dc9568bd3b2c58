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

/** An election's count. */
export interface ElectionCount {
  /** Counted weight per candidate. */
  readonly counts: ReadonlyMap<string, bigint>;
  /** Per candidate, the entities whose counted ballots approved it. */
  readonly backers: ReadonlyMap<string, ReadonlySet<string>>;
  /** Distinct entities whose counted ballots approved at least one candidate. */
  readonly yesEntities: number;
}

/** Counts an election: weight per candidate and who backs each. */
export function electionCount(
  voters: readonly Voter[],
  ballots: ReadonlyMap<string, readonly string[]>,
  candidates: readonly string[],
  capBps: number,
): ElectionCount {
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
  const backers = new Map<string, Set<string>>(candidates.map((c) => [c, new Set<string>()]));
  const approving = new Set<string>();
  for (const [entity, row] of byEntity) {
    let total = 0n;
    for (const w of row.values()) total += w;
    for (const [controller, w] of row) {
      // An entity over the cap has each of its ballots scaled down in proportion.
      const counted = total > cap ? (w * cap) / total : w;
      if (counted === 0n) continue;
      for (const c of new Set(ballots.get(controller))) {
        const sofar = counts.get(c);
        if (!standing.has(c) || sofar === undefined) continue;
        counts.set(c, sofar + counted);
        backers.get(c)?.add(entity);
        approving.add(entity);
      }
    }
  }
  return { counts, backers, yesEntities: approving.size };
}

/** Counted weight per candidate. */
export function electionTally(
  voters: readonly Voter[],
  ballots: ReadonlyMap<string, readonly string[]>,
  candidates: readonly string[],
  capBps: number,
): ReadonlyMap<string, bigint> {
  return electionCount(voters, ballots, candidates, capBps).counts;
}

/**
 * The winners: the `seats` candidates with most weight (at least some), ties to the lower id.
 * With `backers`, a candidate backed by one entity's ballots alone is passed over once that entity
 * alone backs half the seats (rounded down), so no party fills a majority of the council.
 */
export function electedSeats(
  counts: ReadonlyMap<string, bigint>,
  seats: number,
  backers?: ReadonlyMap<string, ReadonlySet<string>>,
): string[] {
  const ranked = [...counts.entries()]
    .filter(([, w]) => w > 0n)
    .sort(([a, wa], [b, wb]) => (wa !== wb ? (wa > wb ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0))
    .map(([c]) => c);
  const alone = new Map<string, number>();
  const soleMax = Math.floor(seats / 2);
  const winners: string[] = [];
  for (const c of ranked) {
    if (winners.length >= seats) break;
    const by = backers?.get(c);
    const sole = by !== undefined && by.size === 1 ? [...by][0] : undefined;
    if (sole !== undefined) {
      const n = alone.get(sole) ?? 0;
      if (n >= soleMax) continue;
      alone.set(sole, n + 1);
    }
    winners.push(c);
  }
  return winners;
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

// Counting one chamber's votes. A voter's weight goes to its own ballot; a voter who did not vote
// follows its delegation (a delegator inherits its validator's or delegate's vote, and voting
// itself always overrides that). Weight is capped twice per entity: where it comes from (so an
// entity cannot escape the cap by delegating to friends) and where it is decided (so no delegate
// collecting votes counts for more than the cap). Pure and deterministic: bigint weights, integer shares, bounded delegation depth.
import { capLevel } from '../capLevel.ts';
import type { Choice, Threshold } from './types.ts';

/** One voter of a chamber (an account, a member, a seat). */
export interface Voter {
  /** Unique within the chamber (an address in hex). */
  readonly id: string;
  /** The party it belongs to; the cap applies per entity (a validator with its delegators, an organisation). */
  readonly entity: string;
  readonly weight: bigint;
  /** Whose vote this voter follows when it casts none (its validator, or a chosen delegate). */
  readonly delegate: string | undefined;
}

/** Longest delegation chain followed; beyond it (or in a cycle) an uncast vote counts for nobody. */
export const delegationDepthMax = 16;

/** Counted weights of one chamber. */
export interface ChamberTally {
  /** All weight of the chamber, capped per entity: the base of quorum and of capture metrics. */
  readonly eligible: bigint;
  readonly yes: bigint;
  readonly no: bigint;
  readonly abstain: bigint;
  readonly veto: bigint;
  /** The most any entity counted for, in weight units. */
  readonly cap: bigint;
  /** Distinct entities whose own ballots counted yes (weight above zero once capped). */
  readonly yesEntities: number;
  /** Weight of voters who cast their ballots themselves, per choice, before the cap. */
  readonly own: Readonly<Record<Choice, bigint>>;
  /** Weight that followed another voter's ballot (delegation), per choice, before the cap. */
  readonly delegated: Readonly<Record<Choice, bigint>>;
}

const noWeight = (): Record<Choice, bigint> => ({ yes: 0n, no: 0n, abstain: 0n, veto: 0n });

/** Basis points of `part` in `whole` (0 when the whole is 0), rounded down. */
export function shareBps(part: bigint, whole: bigint): number {
  return whole === 0n ? 0 : Number((part * 10_000n) / whole);
}

/** Whether `part` of `whole` passes `threshold` (exact: no rounding). */
export function meets(part: bigint, whole: bigint, threshold: Threshold): boolean {
  if (whole === 0n) return false;
  const lhs = part * 10_000n;
  const rhs = BigInt(threshold.bps) * whole;
  return threshold.strict ? lhs > rhs : lhs >= rhs;
}

/**
 * The level every entity is cut to, in weight units: the largest level L at which an entity
 * holding L is at most `capBps` of what the chamber counts once every entity is cut to L (each
 * entity's own weight, at most L, summed). Capping against the counted total, not the uncapped
 * one, is what bounds a share: 20% of an uncapped 5,500 let a 5,000 holder count 1,100 of 1,600.
 * Exact integer arithmetic, rounded down, so the share is never exceeded. With fewer entities than
 * 1/cap no level keeps every share under the cap; each entity then counts as much as the smallest
 * (an equal share each, the most even split there is).
 */
export function entityCap(voters: readonly Voter[], capBps: number): bigint {
  return capLevel([...ownWeights(voters).values()], capBps);
}

/**
 * Most any entity counts for where weight is decided (a delegate or validator collecting votes):
 * the cap share of the eligible weight, rounded down — but never below the level own weights are
 * cut to, which with fewer entities than 1/cap is one equal share.
 */
export function decidingCap(level: bigint, eligible: bigint, capBps: number): bigint {
  const share = (eligible * BigInt(capBps)) / 10_000n;
  return share > level ? share : level;
}

function ownWeights(voters: readonly Voter[]): Map<string, bigint> {
  const byEntity = new Map<string, bigint>();
  for (const v of voters) byEntity.set(v.entity, (byEntity.get(v.entity) ?? 0n) + v.weight);
  return byEntity;
}

/** Each entity's own weight, capped, summed: what the chamber can count at most. */
export function eligibleWeight(voters: readonly Voter[], cap: bigint): bigint {
  let sum = 0n;
  for (const w of ownWeights(voters).values()) sum += w < cap ? w : cap;
  return sum;
}

/**
 * Each voter's weight once its own entity is capped: an entity over the cap has each voter's
 * weight scaled down in proportion. Capping where weight comes from (not only where it is
 * delegated to) is what stops an entity from escaping the cap by delegating to others.
 */
export function cappedWeights(voters: readonly Voter[], cap: bigint): Map<string, bigint> {
  const own = ownWeights(voters);
  const out = new Map<string, bigint>();
  for (const v of voters) {
    const total = own.get(v.entity) ?? 0n;
    out.set(v.id, total > cap ? (v.weight * cap) / total : v.weight);
  }
  return out;
}

/**
 * The voter whose ballot decides `voter`'s weight: itself if it voted, else the first voter along
 * its delegation chain who did; undefined when nobody on the chain voted, the chain is cyclic or
 * longer than `delegationDepthMax`.
 */
export function controllerOf(
  voter: Voter,
  byId: ReadonlyMap<string, Voter>,
  voted: (id: string) => boolean,
): Voter | undefined {
  let current: Voter | undefined = voter;
  for (let depth = 0; current !== undefined && depth <= delegationDepthMax; depth++) {
    if (voted(current.id)) return current;
    if (current.delegate === undefined || current.delegate === voter.id) return undefined;
    current = byId.get(current.delegate);
  }
  return undefined;
}

/** Counts a chamber: `ballots` maps voter ids to their own choices; `capBps` caps each entity. */
export function tallyChamber(
  voters: readonly Voter[],
  ballots: ReadonlyMap<string, Choice>,
  capBps: number,
): ChamberTally {
  const byId = new Map(voters.map((v) => [v.id, v]));
  const level = entityCap(voters, capBps);
  const weightOf = cappedWeights(voters, level);
  const eligible = eligibleWeight(voters, level);
  const cap = decidingCap(level, eligible, capBps);
  // Weight each entity controls, per choice; and the uncapped weight voted directly or delegated.
  const controlled = new Map<string, Record<Choice, bigint>>();
  const own = noWeight();
  const delegated = noWeight();
  for (const voter of voters) {
    const controller = controllerOf(voter, byId, (id) => ballots.has(id));
    const choice = controller === undefined ? undefined : ballots.get(controller.id);
    if (controller === undefined || choice === undefined) continue;
    (controller.id === voter.id ? own : delegated)[choice] += voter.weight;
    const weight = weightOf.get(voter.id) ?? 0n;
    if (weight === 0n) continue;
    let row = controlled.get(controller.entity);
    if (row === undefined) {
      row = noWeight();
      controlled.set(controller.entity, row);
    }
    row[choice] += weight;
  }
  const counted = noWeight();
  let yesEntities = 0;
  for (const row of controlled.values()) {
    const total = row.yes + row.no + row.abstain + row.veto;
    for (const choice of ['yes', 'no', 'abstain', 'veto'] as const) {
      // An entity over the cap has each of its choices scaled down in proportion.
      counted[choice] += total > cap ? (row[choice] * cap) / total : row[choice];
    }
    if ((total > cap ? (row.yes * cap) / total : row.yes) > 0n) yesEntities++;
  }
  return { eligible, cap, ...counted, yesEntities, own, delegated };
}

/** What a chamber's count decides. */
export interface ChamberVerdict {
  readonly turnoutBps: number;
  readonly quorumMet: boolean;
  /** Veto reached its threshold: rejected, deposit burned. */
  readonly vetoed: boolean;
  /** At least the policy's number of distinct entities voted yes. */
  readonly enoughEntities: boolean;
  /** Quorum met, not vetoed, enough entities, and yes passed the approval threshold. */
  readonly approved: boolean;
}

/** Applies quorum, veto and approval to a chamber's count. */
export function chamberVerdict(
  tally: ChamberTally,
  quorumBps: number,
  approval: Threshold,
  vetoBps: number | undefined,
  yesEntitiesMin: number,
): ChamberVerdict {
  const cast = tally.yes + tally.no + tally.abstain + tally.veto;
  const quorumMet = cast > 0n && meets(cast, tally.eligible, { bps: quorumBps, strict: false });
  const vetoed =
    quorumMet && vetoBps !== undefined && meets(tally.veto, cast, { bps: vetoBps, strict: false });
  const enoughEntities = tally.yesEntities >= yesEntitiesMin;
  const approved =
    quorumMet &&
    !vetoed &&
    enoughEntities &&
    meets(tally.yes, tally.yes + tally.no + tally.veto, approval);
  return {
    turnoutBps: shareBps(cast, tally.eligible),
    quorumMet,
    vetoed,
    enoughEntities,
    approved,
  };
}

// Capture metrics: how few parties would be needed to decide alone. For each chamber, the Nakamoto
// coefficient (fewest entities holding more than a share of it); for each kind of proposal, the
// fewest entities that could pass it against everyone else, pass it while everyone else stays
// away, or block it. Weight counts for whoever controls it when nobody overrides a delegation
// (a delegator's stake counts for its validator), capped per entity as the tally caps it.
// Choosing the largest entities first gives the smallest coalition, since each adds its own weight.
import {
  proposalKinds,
  type Chamber,
  type GovernanceParams,
  type KindPolicy,
  type ProposalKind,
} from './types.ts';
import {
  cappedWeights,
  decidingCap,
  delegationDepthMax,
  eligibleWeight,
  entityCap,
  meets,
  type Voter,
} from './tally.ts';

/** The weights a chamber's entities control by default, largest first, and its eligible weight. */
export interface ChamberWeights {
  readonly weights: readonly bigint[];
  readonly eligible: bigint;
}

function standingController(voter: Voter, byId: ReadonlyMap<string, Voter>): Voter {
  let current = voter;
  for (let depth = 0; depth < delegationDepthMax; depth++) {
    if (current.delegate === undefined) return current;
    const next = byId.get(current.delegate);
    if (next === undefined || next.id === voter.id) return current;
    current = next;
  }
  return voter;
}

/** Entity weights with delegations followed; capped at `capBps` of the chamber when given. */
export function chamberWeights(
  voters: readonly Voter[],
  capBps: number | undefined,
): ChamberWeights {
  const byId = new Map(voters.map((v) => [v.id, v]));
  const level = capBps === undefined ? undefined : entityCap(voters, capBps);
  const weightOf = level === undefined ? undefined : cappedWeights(voters, level);
  const eligible = level === undefined ? undefined : eligibleWeight(voters, level);
  const cap =
    level === undefined || eligible === undefined || capBps === undefined
      ? undefined
      : decidingCap(level, eligible, capBps);
  const controlled = new Map<string, bigint>();
  for (const v of voters) {
    const entity = standingController(v, byId).entity;
    controlled.set(entity, (controlled.get(entity) ?? 0n) + (weightOf?.get(v.id) ?? v.weight));
  }
  const weights = [...controlled.values()]
    .map((w) => (cap !== undefined && w > cap ? cap : w))
    .filter((w) => w > 0n)
    .sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  let total = 0n;
  for (const v of voters) total += v.weight;
  return { weights, eligible: eligible ?? total };
}

/**
 * Fewest of `weights` (largest first) whose sum and count satisfy `enough`; undefined if none do.
 * Largest first is the true minimum as long as `enough` only grows with the sum and the count.
 */
function fewest(
  weights: readonly bigint[],
  enough: (sum: bigint, count: number) => boolean,
): number | undefined {
  let sum = 0n;
  let count = 0;
  for (const w of weights) {
    sum += w;
    count++;
    if (enough(sum, count)) return count;
  }
  return undefined;
}

function sumOf(weights: readonly bigint[]): bigint {
  let s = 0n;
  for (const w of weights) s += w;
  return s;
}

/** Fewest entities holding more than `num`/`den` of the chamber (exactly: a third is 1/3). */
export function nakamotoCoefficient(
  c: ChamberWeights,
  num: number,
  den: number,
): number | undefined {
  return fewest(c.weights, (sum) => sum * BigInt(den) > c.eligible * BigInt(num));
}

/** The coalition sizes for one chamber under one policy. */
export interface ChamberCoalitions {
  /** Voting yes while every other entity votes no or veto. */
  readonly pass: number | undefined;
  /** Voting yes while every other entity stays away (quorum is the only obstacle). */
  readonly passIfOthersAbstain: number | undefined;
  /** Voting no or veto while every other entity votes yes. */
  readonly block: number | undefined;
}

/** Coalition sizes in one chamber for `policy`, at quorum `quorumBps`. */
export function chamberCoalitions(
  c: ChamberWeights,
  policy: KindPolicy,
  quorumBps: number,
): ChamberCoalitions {
  const total = sumOf(c.weights);
  const quorum = (cast: bigint) => meets(cast, c.eligible, { bps: quorumBps, strict: false });
  const vetoes = (v: bigint) =>
    policy.vetoBps !== undefined && meets(v, total, { bps: policy.vetoBps, strict: false });
  // Passing also takes the policy's number of distinct entities voting yes; blocking succeeds
  // when too few entities are left to say yes.
  const enough = (count: number) => count >= policy.yesEntitiesMin;
  const pass = fewest(
    c.weights,
    (yes, n) =>
      enough(n) && quorum(total) && meets(yes, total, policy.approval) && !vetoes(total - yes),
  );
  const passIfOthersAbstain = fewest(c.weights, (yes, n) => enough(n) && quorum(yes));
  const block = fewest(
    c.weights,
    (against, n) =>
      !meets(total - against, total, policy.approval) ||
      vetoes(against) ||
      !enough(c.weights.length - n),
  );
  return { pass, passIfOthersAbstain, block };
}

function add(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a + b;
}

function least(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/**
 * Combines chambers: when all must approve, passing takes a coalition in each (entities of
 * different chambers counted as different parties) and blocking takes one chamber; when any one
 * suffices, the reverse.
 */
export function combineCoalitions(
  rule: 'all' | 'any',
  perChamber: readonly ChamberCoalitions[],
): ChamberCoalitions {
  const [first, ...rest] = perChamber;
  if (first === undefined)
    return { pass: undefined, passIfOthersAbstain: undefined, block: undefined };
  const and = (x: number | undefined, y: number | undefined) => add(x, y);
  const or = (x: number | undefined, y: number | undefined) => least(x, y);
  const passOp = rule === 'all' ? and : or;
  const blockOp = rule === 'all' ? or : and;
  return rest.reduce<ChamberCoalitions>(
    (acc, c) => ({
      pass: passOp(acc.pass, c.pass),
      passIfOthersAbstain: passOp(acc.passIfOthersAbstain, c.passIfOthersAbstain),
      block: blockOp(acc.block, c.block),
    }),
    first,
  );
}

/** A chamber's concentration. */
export interface ChamberCapture {
  readonly chamber: Chamber;
  readonly entities: number;
  /** Fewest entities holding more than a third, half and two thirds (capped weights). */
  readonly nakamoto: {
    readonly third: number | undefined;
    readonly half: number | undefined;
    readonly twoThirds: number | undefined;
  };
  /** The same at a third without the cap, to show what the cap changes. */
  readonly nakamotoThirdUncapped: number | undefined;
  /** Fewer entities hold a third than the governed floor: protocol kinds are tightened. */
  readonly belowFloor: boolean;
}

/** A kind's coalitions, with the entity cap and without it. */
export interface KindCapture extends ChamberCoalitions {
  readonly kind: ProposalKind;
  readonly uncapped: ChamberCoalitions;
}

/** The capture report of one block. */
export interface CaptureReport {
  readonly chambers: readonly ChamberCapture[];
  readonly kinds: readonly KindCapture[];
}

/** The full report for the chambers' current voters and quorums. */
export function captureReport(
  params: GovernanceParams,
  rolls: Readonly<Record<Chamber, readonly Voter[]>>,
  quorums: Readonly<Record<Chamber, number>>,
  policyOf: (kind: ProposalKind) => KindPolicy,
): CaptureReport {
  const empty: ChamberWeights = { weights: [], eligible: 0n };
  const capped = new Map<Chamber, ChamberWeights>();
  const uncapped = new Map<Chamber, ChamberWeights>();
  const chamberReports: ChamberCapture[] = [];
  for (const chamber of ['stake', 'members', 'maintainers'] as const) {
    const c = chamberWeights(rolls[chamber], params.entityCapBps[chamber]);
    const u = chamberWeights(rolls[chamber], undefined);
    capped.set(chamber, c);
    uncapped.set(chamber, u);
    const thirdCount = nakamotoCoefficient(c, 1, 3);
    chamberReports.push({
      chamber,
      entities: c.weights.length,
      nakamoto: {
        third: thirdCount,
        half: nakamotoCoefficient(c, 1, 2),
        twoThirds: nakamotoCoefficient(c, 2, 3),
      },
      nakamotoThirdUncapped: nakamotoCoefficient(u, 1, 3),
      belowFloor:
        c.weights.length > 0 &&
        (thirdCount === undefined || thirdCount < params.captureFloor.nakamotoMin),
    });
  }
  const kinds = proposalKinds.map((kind): KindCapture => {
    const policy = policyOf(kind);
    const over = (weights: ReadonlyMap<Chamber, ChamberWeights>) =>
      combineCoalitions(
        policy.rule,
        policy.chambers.map((ch) =>
          chamberCoalitions(weights.get(ch) ?? empty, policy, quorums[ch]),
        ),
      );
    return { kind, ...over(capped), uncapped: over(uncapped) };
  });
  return { chambers: chamberReports, kinds };
}

/** Who could stop or decide the chain's blocks: consensus power by operator. */
export interface ConsensusCapture {
  /** Validators in the set. */
  readonly validators: number;
  /** Distinct operators (entities) behind them; each validator is its own where none is known. */
  readonly entities: number;
  /**
   * Fewest entities holding at least a third of the voting power: withholding their votes leaves
   * the rest short of the more than two thirds a commit needs, so they can halt the chain.
   */
  readonly halt: number | undefined;
  /** Fewest entities holding more than two thirds: they can commit blocks alone. */
  readonly finalize: number | undefined;
}

/** Consensus concentration of a validator set whose powers are grouped by `entity`. */
export function consensusCapture(
  set: readonly { readonly entity: string; readonly power: bigint }[],
): ConsensusCapture {
  const byEntity = new Map<string, bigint>();
  for (const v of set) byEntity.set(v.entity, (byEntity.get(v.entity) ?? 0n) + v.power);
  const powers = [...byEntity.values()]
    .filter((p) => p > 0n)
    .sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  const total = sumOf(powers);
  const least = (enough: (p: bigint) => boolean) =>
    total === 0n ? undefined : fewest(powers, enough);
  return {
    validators: set.length,
    entities: powers.length,
    halt: least((p) => p * 3n >= total),
    finalize: least((p) => p * 3n > total * 2n),
  };
}

// Governance policies: which chambers must approve each kind of proposal, by how much, and how long
// dissenters have to leave before it takes effect. Parameters are governable, but only within the
// invariants checked here: they are what makes capture hard, so no vote may remove them.
import type { PolityError } from '../../lib/index.ts';
import { governanceErrors } from './errors.ts';
import {
  emergencyExpiryMaxMs,
  governancePeriodMaxMs,
  validatorPowerCapBpsMax,
  yesEntitiesMinDefault,
  yesEntitiesMinFloor,
} from './params.ts';
import {
  chambers,
  proposalKinds,
  type GovernanceParams,
  type KindPolicy,
  type ProposalKind,
} from './types.ts';

/** Kinds whose effects change the protocol: never decided by one chamber. */
export const protocolKinds: readonly ProposalKind[] = [
  'parameter',
  'admission',
  'upgrade',
  'irregular',
  'emergency',
  'rules',
];

/** Kinds whose exit window may never be shorter than the unbonding period. */
export const exitGuardedKinds: readonly ProposalKind[] = ['upgrade', 'irregular', 'rules'];

function invariant(rule: string): PolityError {
  return governanceErrors.governance_invariant({ rule });
}

function bpsOk(bps: number, min: number): boolean {
  return Number.isInteger(bps) && bps >= min && bps <= 10_000;
}

function periodOk(ms: number): boolean {
  return Number.isInteger(ms) && ms >= 0 && ms <= governancePeriodMaxMs;
}

/** What the invariants depend on besides the parameters: fixed at genesis, never governed. */
export interface ChainKind {
  /** A development chain (`polity dev`, `polity testnet init`) may need fewer voters. */
  readonly development: boolean;
}

function checkPolicy(
  kind: ProposalKind,
  p: KindPolicy,
  unbondingPeriodMs: number,
  chain: ChainKind,
): PolityError | undefined {
  const named = new Set(p.chambers);
  if (p.chambers.length === 0 || named.size !== p.chambers.length)
    return invariant(`${kind} must name each voting chamber once`);
  if (protocolKinds.includes(kind) && (p.rule !== 'all' || p.chambers.length < 2))
    return invariant(`${kind} changes the protocol, so at least two chambers must each approve it`);
  if (kind === 'rules' && (p.rule !== 'all' || p.chambers.length !== chambers.length))
    return invariant('rules changes need every chamber to approve');
  if (kind === 'upgrade' && !named.has('maintainers'))
    return invariant('software upgrades need the maintainers chamber');
  if (kind === 'election' && (p.chambers.length !== 1 || p.chambers[0] !== 'members'))
    return invariant('maintainers are elected by the members chamber alone');
  if (!bpsOk(p.approval.bps, 5000) || (p.approval.bps === 5000 && !p.approval.strict))
    return invariant(`${kind} approval must be more than 50% (and at most 100%)`);
  if (p.vetoBps !== undefined && !bpsOk(p.vetoBps, 1))
    return invariant(`${kind} veto threshold must be between 0.01% and 100%`);
  if (p.depositMin < 0n) return invariant(`${kind} deposit cannot be negative`);
  if (!periodOk(p.votingPeriodMs) || p.votingPeriodMs === 0)
    return invariant(`${kind} voting period must be between 1 ms and 365 days`);
  if (!periodOk(p.exitWindowMs))
    return invariant(`${kind} exit window must be between 0 and 365 days`);
  if (exitGuardedKinds.includes(kind) && p.exitWindowMs < unbondingPeriodMs)
    return invariant(
      `the ${kind} exit window (${p.exitWindowMs} ms) cannot be shorter than the unbonding period (${unbondingPeriodMs} ms)`,
    );
  const least = chain.development ? yesEntitiesMinFloor : yesEntitiesMinDefault;
  if (!Number.isInteger(p.yesEntitiesMin) || p.yesEntitiesMin < least)
    return invariant(
      `${kind} needs at least ${least} distinct entities voting yes in each chamber${chain.development ? '' : ' outside development chains'}, so no single party decides alone`,
    );
  if (kind === 'emergency') {
    if (p.expiryMs === undefined || !periodOk(p.expiryMs) || p.expiryMs === 0)
      return invariant('an emergency action must expire');
    if (p.expiryMs > emergencyExpiryMaxMs)
      return invariant('an emergency action cannot outlive 7 days without ratification');
  } else if (p.expiryMs !== undefined) {
    return invariant(`only emergency actions expire by themselves, not ${kind}`);
  }
  return undefined;
}

/** The first invariant `params` break on a chain of `chain`'s kind, or undefined. */
export function checkGovernanceParams(
  params: GovernanceParams,
  chain: ChainKind,
): PolityError | undefined {
  if (!periodOk(params.unbondingPeriodMs) || params.unbondingPeriodMs === 0)
    return invariant('the unbonding period must be between 1 ms and 365 days');
  for (const kind of proposalKinds) {
    const problem = checkPolicy(kind, params.policies[kind], params.unbondingPeriodMs, chain);
    if (problem !== undefined) return problem;
  }
  for (const chamber of chambers) {
    if (!bpsOk(params.entityCapBps[chamber], 1))
      return invariant(`the ${chamber} entity cap must be between 0.01% and 100%`);
    const q = params.quorum[chamber];
    if (!bpsOk(q.minBps, 1) || !bpsOk(q.maxBps, 1) || q.minBps > q.maxBps)
      return invariant(`the ${chamber} quorum clamps must satisfy 0 < min ≤ max ≤ 100%`);
  }
  const floor = params.captureFloor;
  if (!Number.isInteger(floor.nakamotoMin) || floor.nakamotoMin < 1)
    return invariant('the capture floor must be at least one entity');
  if (!Number.isInteger(floor.votingPeriodFactor) || floor.votingPeriodFactor < 1)
    return invariant('tightening cannot shorten voting periods');
  if (!bpsOk(floor.approvalAddBps, 0))
    return invariant('tightening cannot lower approval thresholds');
  if (params.treasuryStakeAbove < 0n) return invariant('the treasury size cannot be negative');
  if (!Number.isInteger(params.maintainerSeats) || params.maintainerSeats < 1)
    return invariant('the maintainers council needs at least one seat');
  for (const kind of proposalKinds) {
    const p = params.policies[kind];
    if (p.chambers.includes('maintainers') && p.yesEntitiesMin > params.maintainerSeats)
      return invariant(
        `${kind} needs ${p.yesEntitiesMin} maintainers voting yes but the council has ${params.maintainerSeats} seats`,
      );
  }
  if (!periodOk(params.maintainerTermMs) || params.maintainerTermMs === 0)
    return invariant('a maintainer term must be between 1 ms and 365 days');
  if (
    !Number.isInteger(params.maintainerConsecutiveTermsMax) ||
    params.maintainerConsecutiveTermsMax < 1
  )
    return invariant('maintainers must be allowed at least one term');
  if (
    !bpsOk(params.validatorPowerCapBps, 1) ||
    params.validatorPowerCapBps > validatorPowerCapBpsMax
  )
    return invariant(
      `a validator's voting power cap must be between 0.01% and ${validatorPowerCapBpsMax / 100}% (below a third, so no validator halts the chain alone)`,
    );
  return undefined;
}

/**
 * The policy a proposal is held to: treasury spends above the size also need the stake chamber,
 * and while any chamber is below its capture floor, protocol-level kinds vote longer and need more.
 */
export function effectivePolicy(
  params: GovernanceParams,
  kind: ProposalKind,
  options: { readonly spend?: bigint; readonly belowFloor?: boolean } = {},
): KindPolicy {
  let p = params.policies[kind];
  if (
    kind === 'treasury' &&
    (options.spend ?? 0n) > params.treasuryStakeAbove &&
    !p.chambers.includes('stake')
  )
    p = { ...p, chambers: [...p.chambers, 'stake'] };
  if (options.belowFloor === true && protocolKinds.includes(kind)) {
    const floor = params.captureFloor;
    p = {
      ...p,
      votingPeriodMs: Math.min(governancePeriodMaxMs, p.votingPeriodMs * floor.votingPeriodFactor),
      approval: { ...p.approval, bps: Math.min(10_000, p.approval.bps + floor.approvalAddBps) },
    };
  }
  return p;
}

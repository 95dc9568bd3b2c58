// The end of a public chain's block: the block's fees reward the proposing validator's pool, and
// when stake or status changed, validators get their new voting power (bonded stake, capped so no
// one validator holds more than the cap share) as validator-set changes (effective two blocks
// later, like any change).
import { equalBytes } from '../../lib/index.ts';
import { credit } from '../accounts.ts';
import type { BlockHookContext, Mark, Output } from '../module.ts';
import type { StateOverlay, StateReader } from '../overlay.ts';
import { updateValidatorSet } from '../validatorSet.ts';
import type { ValidatorUpdate } from '../../types/index.ts';
import { capPowers } from './cap.ts';
import { anyPowerChanged, powerChanged } from './marks.ts';
import { bondedPoolAccount, powerOf } from './shares.ts';
import {
  readStakeValidator,
  readStaking,
  writeStakeValidator,
  writeStakingState,
} from './store.ts';
import type { StakeValidator, StakingState } from './types.ts';

/**
 * The block's fees on a public chain: the proposing validator's operator takes its commission and
 * the rest joins the validator's bonded pool, raising the worth of every share — so delegators
 * earn in proportion to their stake without being visited. A proposer without a stake record
 * leaves the fees to the proposer's account.
 */
export function distributeFees(
  state: StateOverlay,
  ctx: BlockHookContext,
  fees: bigint,
): { readonly rest: bigint; readonly marks?: readonly Mark[] } {
  if (fees === 0n || readStaking(state) === undefined) return { rest: fees };
  const v = readStakeValidator(state, ctx.proposer);
  if (v === undefined || v.tombstoned || v.shares === 0n) return { rest: fees };
  const commission = (fees * BigInt(v.commissionBps)) / 10_000n;
  if (commission > 0n) credit(state, v.operator, commission);
  const pooled = fees - commission;
  if (pooled === 0n) return { rest: 0n };
  credit(state, bondedPoolAccount, pooled);
  writeStakeValidator(state, ctx.proposer, { ...v, tokens: v.tokens + pooled });
  // Its power may grow; who votes does not change (capture metrics are not recomputed for fees).
  return { rest: 0n, marks: [powerChanged(ctx.proposer)] };
}

/** A registered validator's power before and after the cap. */
export interface ValidatorPower {
  readonly address: Uint8Array;
  readonly validator: StakeValidator;
  /** Bonded stake in power units (0 while jailed or tombstoned). */
  readonly uncapped: number;
  /** Its voting power: `uncapped` cut by the cap. */
  readonly power: number;
}

/**
 * Every registered validator's voting power, in registration order: bonded stake in power units,
 * then the cap on any one validator's share (`capPowers`). The API shows the same figures.
 */
export function votingPowers(state: StateReader, s: StakingState): ValidatorPower[] {
  const records: { address: Uint8Array; validator: StakeValidator; uncapped: number }[] = [];
  for (const address of s.validators) {
    const validator = readStakeValidator(state, address);
    if (validator === undefined) continue;
    records.push({ address, validator, uncapped: powerOf(validator, s.params.powerUnit) });
  }
  const capped = capPowers(
    records.map((r) => r.uncapped),
    s.params.powerCapBps,
  );
  return records.map((r, i) => ({ ...r, power: capped[i] ?? 0 }));
}

/**
 * The validator-set changes that follow from changed stake or status. One validator's stake moves
 * the cap's level for all, so every validator's power is recomputed whenever any may have changed.
 * A change that would leave the set empty or too large is not made: the chain must keep
 * validators.
 */
export function endBlockStaking(state: StateOverlay, ctx: BlockHookContext): Output | undefined {
  const s = readStaking(state);
  if (s === undefined || (!s.powerStale && !anyPowerChanged(ctx.marks))) return undefined;
  if (s.powerStale) writeStakingState(state, { ...s, powerStale: false });
  const updates: ValidatorUpdate[] = [];
  for (const { address, validator, power } of votingPowers(state, s)) {
    const current = ctx.validators.find((x) => equalBytes(x.address, address))?.power ?? 0;
    if (power !== current) updates.push({ publicKey: validator.publicKey, power });
  }
  if (updates.length === 0) return undefined;
  try {
    updateValidatorSet(ctx.validators, updates);
    return { validatorUpdates: updates };
  } catch {
    return undefined;
  }
}

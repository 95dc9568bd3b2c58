// The end of a public chain's block: the block's fees reward the proposing validator's pool, and
// validators whose stake or status changed get their new voting power as validator-set changes
// (effective two blocks later, like any change).
import { equalBytes } from '../../lib/index.ts';
import { credit } from '../accounts.ts';
import type { BlockHookContext, Mark, Output } from '../module.ts';
import type { StateOverlay, StateReader } from '../overlay.ts';
import { updateValidatorSet } from '../validatorSet.ts';
import type { ValidatorUpdate } from '../../types/index.ts';
import { anyPowerChanged, isPowerChanged, powerChanged } from './marks.ts';
import { bondedPoolAccount, powerOf } from './shares.ts';
import { readStakeValidator, readStaking, writeStakeValidator } from './store.ts';

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

/**
 * The validator-set changes that follow from changed stake or status. A change that would leave
 * the set empty or too large is not made: the chain must keep validators.
 */
export function endBlockStaking(state: StateReader, ctx: BlockHookContext): Output | undefined {
  const s = readStaking(state);
  if (s === undefined || !anyPowerChanged(ctx.marks)) return undefined;
  const updates: ValidatorUpdate[] = [];
  for (const address of s.validators) {
    if (!isPowerChanged(ctx.marks, address)) continue;
    const v = readStakeValidator(state, address);
    if (v === undefined) continue;
    const power = powerOf(v, s.params.powerUnit, ctx.timeMs);
    const current = ctx.validators.find((x) => equalBytes(x.address, address))?.power ?? 0;
    if (power !== current) updates.push({ publicKey: v.publicKey, power });
  }
  if (updates.length === 0) return undefined;
  try {
    updateValidatorSet(ctx.validators, updates);
    return { validatorUpdates: updates };
  } catch {
    return undefined;
  }
}

// Stake as shares of a validator's pool: a delegation holds shares, and what they are worth follows
// the pool's tokens, so fees that grow a pool and slashes that shrink it reach every delegator
// without visiting them. Bonded and unbonding stake sit in a module account no key controls.
import { sha256 } from '../../crypto/index.ts';
import { equalBytes, utf8 } from '../../lib/index.ts';
import { validatorPowerMax } from '../../types/index.ts';
import { transfer } from '../accounts.ts';
import type { StateOverlay } from '../overlay.ts';
import { stakingErrors } from './errors.ts';
import { recordBond } from './recentBonds.ts';
import { readDelegations, writeDelegations } from './store.ts';
import { stakingLimits, type StakeValidator } from './types.ts';

/** The account holding all bonded and unbonding stake. */
export const bondedPoolAccount = sha256(utf8('polity/module/bonded')).slice(0, 20);

/** A validator just registered: its pool empty, not jailed, nothing missed. */
export function newStakeValidator(
  operator: Uint8Array,
  publicKey: StakeValidator['publicKey'],
  moniker: string,
  commissionBps: number,
): StakeValidator {
  return {
    operator,
    publicKey,
    moniker,
    commissionBps,
    tokens: 0n,
    shares: 0n,
    unbondingTokens: 0n,
    unbondingShares: 0n,
    jailedUntilMs: undefined,
    tombstoned: false,
    slashes: [],
    missedHeights: [],
  };
}

/** Tokens that `shares` of a pool of `tokens` over `total` shares are worth (rounded down). */
export function tokensOf(shares: bigint, tokens: bigint, total: bigint): bigint {
  return total === 0n ? 0n : (shares * tokens) / total;
}

/** What an account's delegation to a validator is worth now. */
export function delegatedTokens(v: StakeValidator, shares: bigint): bigint {
  return tokensOf(shares, v.tokens, v.shares);
}

/**
 * A validator's power before the cap: bonded stake in power units, 0 from jailing until unjailed
 * (its jail time passing is not enough) and once tombstoned.
 */
export function powerOf(v: StakeValidator, powerUnit: bigint): number {
  if (v.tombstoned || v.jailedUntilMs !== undefined) return 0;
  const units = v.tokens / powerUnit;
  return Number(units > BigInt(validatorPowerMax) ? BigInt(validatorPowerMax) : units);
}

/**
 * Moves `amount` from `delegator` into `v`'s pool for new shares (recorded in its delegations and
 * in the validator's recent bonds at `height`); returns the validator with its grown pool, for the
 * caller to write.
 */
export function bond(
  state: StateOverlay,
  v: StakeValidator,
  address: Uint8Array,
  delegator: Uint8Array,
  amount: bigint,
  height: number,
): StakeValidator {
  transfer(state, delegator, bondedPoolAccount, amount);
  const newShares = v.shares === 0n || v.tokens === 0n ? amount : (amount * v.shares) / v.tokens;
  if (newShares === 0n) throw stakingErrors.amount_too_small();
  const delegations = readDelegations(state, delegator).slice();
  const at = delegations.findIndex((d) => equalBytes(d.validator, address));
  if (at < 0) {
    if (delegations.length >= stakingLimits.delegationsPerDelegatorMax)
      throw stakingErrors.delegations_full({ max: stakingLimits.delegationsPerDelegatorMax });
    delegations.push({ validator: address, shares: newShares });
  } else {
    const current = delegations[at];
    if (current !== undefined) delegations[at] = { ...current, shares: current.shares + newShares };
  }
  writeDelegations(state, delegator, delegations);
  recordBond(state, address, delegator, newShares, height);
  return { ...v, tokens: v.tokens + amount, shares: v.shares + newShares };
}

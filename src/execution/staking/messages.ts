// Staking's messages: register a validator with a self-bond, delegate, undelegate (unbonding for
// the unbonding period, still slashable), withdraw what finished unbonding, unjail. Each checks
// everything that depends on state and throws a typed error before it changes anything it keeps.
import { struct, u16, u64, text } from '../../codec/index.ts';
import { addressCodec, addressOf, formatAddress, publicKeyCodec } from '../../crypto/index.ts';
import { equalBytes, isPolityError, withDetails, type PolityError } from '../../lib/index.ts';
import { transfer } from '../accounts.ts';
import { executionErrors } from '../errors.ts';
import { defineMessage, type Output } from '../module.ts';
import type { StateOverlay, StateReader } from '../overlay.ts';
import { stakingErrors } from './errors.ts';
import { powerChanged, stakeChanged } from './marks.ts';
import { recordUnbond, trimBonds } from './recentBonds.ts';
import { bond, bondedPoolAccount, delegatedTokens, newStakeValidator, tokensOf } from './shares.ts';
import {
  readDelegations,
  readStakeValidator,
  readStaking,
  readUnbondings,
  writeDelegations,
  writeStakeValidator,
  writeStakingState,
  writeUnbondings,
} from './store.ts';
import { stakingLimits, type StakeValidator, type StakingState } from './types.ts';

/** Gas of every staking message. */
export const stakingGas = 20_000;

function requireStaking(state: StateReader): StakingState {
  const s = readStaking(state);
  if (s === undefined) throw stakingErrors.staking_disabled();
  return s;
}

function requireValidator(state: StateReader, address: Uint8Array): StakeValidator {
  const v = readStakeValidator(state, address);
  if (v === undefined) throw stakingErrors.validator_not_found({ address: formatAddress(address) });
  return v;
}

// Every staking message changes who votes with stake, and the named validators' power.
function changed(...validators: readonly Uint8Array[]): Output {
  return { marks: [stakeChanged, ...validators.map(powerChanged)] };
}

function positive(amount: bigint, index: number, what: string): PolityError | undefined {
  return amount === 0n ? executionErrors.zero_amount({ index, what }) : undefined;
}

/** `stake.create-validator {publicKey, moniker, commissionBps, amount}`: registers and self-bonds. */
export const createValidatorMessage = defineMessage({
  type: 'stake.create-validator',
  tag: 9,
  codec: struct({
    publicKey: publicKeyCodec,
    moniker: text(stakingLimits.monikerBytesMax),
    commissionBps: u16,
    amount: u64,
  }),
  check: (m, index): PolityError | undefined =>
    m.commissionBps > 10_000
      ? stakingErrors.commission_invalid({ index })
      : positive(m.amount, index, 'a self-bond'),
  gas: () => stakingGas,
  spend: (m) => m.amount,
  run(state, ctx, m) {
    const s = requireStaking(state);
    const address = addressOf(m.publicKey);
    if (readStakeValidator(state, address) !== undefined) throw stakingErrors.validator_exists();
    if (s.validators.length >= stakingLimits.validatorsMax)
      throw stakingErrors.validators_full({ max: stakingLimits.validatorsMax });
    if (m.amount < s.params.minSelfBond)
      throw stakingErrors.self_bond_too_small({ min: s.params.minSelfBond, amount: m.amount });
    const empty = newStakeValidator(ctx.sender, m.publicKey, m.moniker, m.commissionBps);
    writeStakeValidator(
      state,
      address,
      bond(state, empty, address, ctx.sender, m.amount, ctx.height),
    );
    writeStakingState(state, { ...s, validators: [...s.validators, address] });
    return changed(address);
  },
});

/** `stake.delegate {validator, amount}`: bonds `amount` to a validator's pool. */
export const delegateMessage = defineMessage({
  type: 'stake.delegate',
  tag: 10,
  codec: struct({ validator: addressCodec, amount: u64 }),
  check: (m, index) => positive(m.amount, index, 'a delegation'),
  gas: () => stakingGas,
  spend: (m) => m.amount,
  run(state, ctx, m) {
    requireStaking(state);
    const v = requireValidator(state, m.validator);
    if (v.tombstoned) throw stakingErrors.validator_tombstoned();
    writeStakeValidator(
      state,
      m.validator,
      bond(state, v, m.validator, ctx.sender, m.amount, ctx.height),
    );
    return changed(m.validator);
  },
});

/** `stake.undelegate {validator, amount}`: starts unbonding `amount` of a delegation. */
export const undelegateMessage = defineMessage({
  type: 'stake.undelegate',
  tag: 11,
  codec: struct({ validator: addressCodec, amount: u64 }),
  check: (m, index) => positive(m.amount, index, 'an undelegation'),
  gas: () => stakingGas,
  run(state, ctx, m) {
    const s = requireStaking(state);
    const v = requireValidator(state, m.validator);
    const delegations = readDelegations(state, ctx.sender).slice();
    const at = delegations.findIndex((d) => equalBytes(d.validator, m.validator));
    const held = at < 0 ? 0n : (delegations[at]?.shares ?? 0n);
    const worth = delegatedTokens(v, held);
    if (m.amount > worth) throw stakingErrors.insufficient_stake({ worth });
    // Shares to give up, rounded up so the pool never pays out more than the shares are worth.
    const shares = m.amount === worth ? held : (m.amount * v.shares + v.tokens - 1n) / v.tokens;
    const tokens = tokensOf(shares, v.tokens, v.shares);
    const unbondings = readUnbondings(state, ctx.sender);
    if (unbondings.length >= stakingLimits.unbondingsPerDelegatorMax)
      throw stakingErrors.unbondings_full({ max: stakingLimits.unbondingsPerDelegatorMax });
    const poolShares =
      v.unbondingShares === 0n || v.unbondingTokens === 0n
        ? tokens
        : (tokens * v.unbondingShares) / v.unbondingTokens;
    const left = held - shares;
    if (left === 0n) delegations.splice(at, 1);
    else delegations[at] = { validator: m.validator, shares: left };
    writeDelegations(state, ctx.sender, delegations);
    trimBonds(state, m.validator, ctx.sender, left);
    recordUnbond(state, m.validator, ctx.sender, ctx.height);
    writeUnbondings(state, ctx.sender, [
      ...unbondings,
      {
        validator: m.validator,
        shares: poolShares,
        completeAtMs: ctx.timeMs + s.params.unbondingPeriodMs,
        height: ctx.height,
      },
    ]);
    writeStakeValidator(state, m.validator, {
      ...v,
      tokens: v.tokens - tokens,
      shares: v.shares - shares,
      unbondingTokens: v.unbondingTokens + tokens,
      unbondingShares: v.unbondingShares + poolShares,
    });
    return changed(m.validator);
  },
});

/** `stake.withdraw {}`: pays out every unbonding of the sender that is complete. */
export const withdrawMessage = defineMessage({
  type: 'stake.withdraw',
  tag: 12,
  codec: struct({}),
  gas: () => stakingGas,
  // "Not complete yet" is cured by time; "nothing unbonding" is not.
  curableByTime: (e) =>
    isPolityError(e, stakingErrors.nothing_to_withdraw) && e.details?.['nextMs'] !== undefined,
  run(state, ctx) {
    requireStaking(state);
    const unbondings = readUnbondings(state, ctx.sender);
    const due = unbondings.filter((u) => u.completeAtMs <= ctx.timeMs);
    if (unbondings.length === 0)
      throw stakingErrors.nothing_to_withdraw({
        reason: 'this account has no unbonding in flight',
      });
    if (due.length === 0) {
      const nextMs = Math.min(...unbondings.map((u) => u.completeAtMs));
      throw withDetails(
        stakingErrors.nothing_to_withdraw({
          reason: `no unbonding is complete; the next completes at block time ${nextMs} ms`,
        }),
        { nextMs },
      );
    }
    let total = 0n;
    for (const u of due) {
      const v = requireValidator(state, u.validator);
      const tokens = tokensOf(u.shares, v.unbondingTokens, v.unbondingShares);
      writeStakeValidator(state, u.validator, {
        ...v,
        unbondingTokens: v.unbondingTokens - tokens,
        unbondingShares: v.unbondingShares - u.shares,
      });
      total += tokens;
    }
    writeUnbondings(
      state,
      ctx.sender,
      unbondings.filter((u) => u.completeAtMs > ctx.timeMs),
    );
    if (total > 0n) transfer(state, bondedPoolAccount, ctx.sender, total);
    return changed();
  },
});

/** `stake.unjail {validator}`: the operator returns its jailed validator once the jail time is over. */
export const unjailMessage = defineMessage({
  type: 'stake.unjail',
  tag: 13,
  codec: struct({ validator: addressCodec }),
  gas: () => stakingGas,
  curableByTime: (e) => isPolityError(e, stakingErrors.still_jailed),
  run(state: StateOverlay, ctx, m) {
    requireStaking(state);
    const v = requireValidator(state, m.validator);
    if (!equalBytes(v.operator, ctx.sender)) throw stakingErrors.not_operator();
    if (v.tombstoned) throw stakingErrors.validator_tombstoned();
    if (v.jailedUntilMs === undefined) throw stakingErrors.not_jailed();
    if (v.jailedUntilMs > ctx.timeMs)
      throw stakingErrors.still_jailed({ untilMs: v.jailedUntilMs });
    writeStakeValidator(state, m.validator, { ...v, jailedUntilMs: undefined, missedHeights: [] });
    return changed(m.validator);
  },
});

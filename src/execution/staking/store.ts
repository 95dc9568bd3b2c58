// Staking's state: reading and writing its values through the overlay.
import { decode, encode } from '../../codec/index.ts';
import type { StateOverlay, StateReader } from '../overlay.ts';
import {
  delegationsCodec,
  recentBondsCodec,
  recentUnbondsCodec,
  stakeValidatorCodec,
  stakingKeys,
  stakingStateCodec,
  unbondingsCodec,
  type Delegations,
  type RecentBonds,
  type RecentUnbonds,
  type StakeValidator,
  type StakingState,
  type Unbondings,
} from './types.ts';

/** Staking's state, or undefined on a chain without staking (consortium chains). */
export function readStaking(state: StateReader): StakingState | undefined {
  const raw = state.get(stakingKeys.state);
  return raw === undefined ? undefined : decode(stakingStateCodec, raw);
}

/** Writes staking's own state. */
export function writeStakingState(state: StateOverlay, s: StakingState): void {
  state.set(stakingKeys.state, encode(stakingStateCodec, s));
}

/** A registered validator, or undefined. */
export function readStakeValidator(
  state: StateReader,
  validator: Uint8Array,
): StakeValidator | undefined {
  const raw = state.get(stakingKeys.validator(validator));
  return raw === undefined ? undefined : decode(stakeValidatorCodec, raw);
}

/** Writes a registered validator. */
export function writeStakeValidator(
  state: StateOverlay,
  address: Uint8Array,
  v: StakeValidator,
): void {
  state.set(stakingKeys.validator(address), encode(stakeValidatorCodec, v));
}

/** An account's delegations. */
export function readDelegations(state: StateReader, delegator: Uint8Array): Delegations {
  const raw = state.get(stakingKeys.delegations(delegator));
  return raw === undefined ? [] : decode(delegationsCodec, raw);
}

/** Writes an account's delegations (none: the key is removed). */
export function writeDelegations(state: StateOverlay, delegator: Uint8Array, d: Delegations): void {
  state.set(
    stakingKeys.delegations(delegator),
    d.length === 0 ? undefined : encode(delegationsCodec, d),
  );
}

/** An account's unbondings in flight. */
export function readUnbondings(state: StateReader, delegator: Uint8Array): Unbondings {
  const raw = state.get(stakingKeys.unbondings(delegator));
  return raw === undefined ? [] : decode(unbondingsCodec, raw);
}

/** Writes an account's unbondings (none: the key is removed). */
export function writeUnbondings(state: StateOverlay, delegator: Uint8Array, u: Unbondings): void {
  state.set(
    stakingKeys.unbondings(delegator),
    u.length === 0 ? undefined : encode(unbondingsCodec, u),
  );
}

/** A validator's bonds within the evidence age (oldest first). */
export function readRecentBonds(state: StateReader, validator: Uint8Array): RecentBonds {
  const raw = state.get(stakingKeys.recentBonds(validator));
  return raw === undefined ? [] : decode(recentBondsCodec, raw);
}

/** Writes a validator's recent bonds (none: the key is removed). */
export function writeRecentBonds(state: StateOverlay, validator: Uint8Array, b: RecentBonds): void {
  state.set(
    stakingKeys.recentBonds(validator),
    b.length === 0 ? undefined : encode(recentBondsCodec, b),
  );
}

/** A validator's undelegations within the evidence age. */
export function readRecentUnbonds(state: StateReader, validator: Uint8Array): RecentUnbonds {
  const raw = state.get(stakingKeys.recentUnbonds(validator));
  return raw === undefined ? { entries: [], droppedAbove: 0 } : decode(recentUnbondsCodec, raw);
}

/** Writes a validator's recent undelegations (none: the key is removed). */
export function writeRecentUnbonds(
  state: StateOverlay,
  validator: Uint8Array,
  u: RecentUnbonds,
): void {
  const empty = u.entries.length === 0 && u.droppedAbove === 0;
  state.set(
    stakingKeys.recentUnbonds(validator),
    empty ? undefined : encode(recentUnbondsCodec, u),
  );
}

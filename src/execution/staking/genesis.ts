// The genesis of a public chain's staking: every genesis validator bonded with power × powerUnit,
// self-delegated. Governance calls it (a public chain is a governance mode) with its unbonding
// period, which staking keeps a copy of.
import type { Validator } from '../../types/index.ts';
import { credit } from '../accounts.ts';
import type { StateOverlay } from '../overlay.ts';
import { bondedPoolAccount, newStakeValidator } from './shares.ts';
import { readStaking, writeDelegations, writeStakeValidator, writeStakingState } from './store.ts';
import { defaultStakingParams, type StakingParams } from './types.ts';

/** Writes staking's genesis state over `validators`. */
export function genesisStaking(
  state: StateOverlay,
  validators: readonly Validator[],
  params: StakingParams = defaultStakingParams,
): void {
  const addresses: Uint8Array[] = [];
  for (const val of validators) {
    const tokens = BigInt(val.power) * params.powerUnit;
    credit(state, bondedPoolAccount, tokens);
    // Self-delegated at genesis: the operator is the validator's own address.
    const v = newStakeValidator(val.address, val.publicKey, '', 0);
    writeStakeValidator(state, val.address, { ...v, tokens, shares: tokens });
    writeDelegations(state, val.address, [{ validator: val.address, shares: tokens }]);
    addresses.push(val.address);
  }
  writeStakingState(state, { params, validators: addresses, redirectCount: 0 });
}

/** Staking's copy of the unbonding period, set by governance when its rules change. */
export function setUnbondingPeriod(state: StateOverlay, unbondingPeriodMs: number): void {
  const s = readStaking(state);
  if (s === undefined || s.params.unbondingPeriodMs === unbondingPeriodMs) return;
  writeStakingState(state, { ...s, params: { ...s.params, unbondingPeriodMs } });
}

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
  // Every power is computed once at the end of block 1, so the cap applies from the start.
  writeStakingState(state, { params, validators: addresses, redirectCount: 0, powerStale: true });
}

/** Staking's copies of governance's parameters, set by governance when its rules change. */
export function setGovernedStakingParams(
  state: StateOverlay,
  governed: { readonly unbondingPeriodMs: number; readonly powerCapBps: number },
): void {
  const s = readStaking(state);
  if (s === undefined) return;
  const { unbondingPeriodMs, powerCapBps } = governed;
  if (s.params.unbondingPeriodMs === unbondingPeriodMs && s.params.powerCapBps === powerCapBps)
    return;
  writeStakingState(state, {
    ...s,
    params: { ...s.params, unbondingPeriodMs, powerCapBps },
    // A new cap changes every validator's power, not only the marked ones'.
    powerStale: s.powerStale || s.params.powerCapBps !== powerCapBps,
  });
}

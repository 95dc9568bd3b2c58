// The staking module (public chains): validators registered with a self-bond, delegation as shares
// of a validator's pool, unbonding, withdrawal, slashing of double signers and jailing of absent
// validators, fees to the proposer's pool, and power changes as validator-set changes. Governance
// counts its stake. Never paused: an emergency pause must not be able to stop anyone's exit.
import type { ModuleDef } from '../module.ts';
import { stakingStatePrefix } from './types.ts';
import {
  createValidatorMessage,
  delegateMessage,
  undelegateMessage,
  unjailMessage,
  withdrawMessage,
} from './messages.ts';
import { stakingInvariants } from './invariants.ts';
import { distributeFees, endBlockStaking } from './power.ts';
export { capPowers } from './cap.ts';
export { votingPowers, type ValidatorPower } from './power.ts';
import { beginBlockStaking } from './slashing.ts';

export * from './errors.ts';
export { genesisStaking, setGovernedStakingParams } from './genesis.ts';
export { stakeChanged } from './marks.ts';
export { stakingGas } from './messages.ts';
export { readVoteRedirect, redirectingDelegators, writeVoteRedirect } from './redirect.ts';
export { bondedPoolAccount, delegatedTokens, powerOf, tokensOf } from './shares.ts';
export { readDelegations, readStakeValidator, readStaking, readUnbondings } from './store.ts';
export * from './types.ts';

/** The staking module. */
export const stakingModule = {
  name: 'staking',
  pausable: false,
  statePrefixes: [stakingStatePrefix],
  messages: [
    createValidatorMessage,
    delegateMessage,
    undelegateMessage,
    withdrawMessage,
    unjailMessage,
  ],
  beginBlock: beginBlockStaking,
  distributeFees,
  endBlock: endBlockStaking,
  invariants: stakingInvariants,
} as const satisfies ModuleDef;

// Properties of staking's state that every block must keep; the simulator and the scenario tests
// check them after every block.
import { readAccount } from '../accounts.ts';
import type { Invariant } from '../module.ts';
import { bondedPoolAccount } from './shares.ts';
import { readStakeValidator, readStaking } from './store.ts';

/** Staking's invariants. */
export const stakingInvariants: readonly Invariant[] = [
  {
    name: 'the bonded pool holds every validator’s bonded and unbonding stake',
    check(state) {
      const s = readStaking(state);
      if (s === undefined) return undefined;
      let staked = 0n;
      for (const address of s.validators) {
        const v = readStakeValidator(state, address);
        if (v === undefined) return 'a registered validator has no record';
        if (v.tokens < 0n || v.unbondingTokens < 0n || v.shares < 0n || v.unbondingShares < 0n)
          return 'a validator holds a negative amount';
        staked += v.tokens + v.unbondingTokens;
      }
      // Anyone may send tokens to the pool's address, so it can hold more, never less.
      const balance = readAccount(state, bondedPoolAccount).balance;
      return balance >= staked ? undefined : `the pool holds ${balance} of ${staked} staked`;
    },
  },
];

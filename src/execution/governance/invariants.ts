// Properties of governance's state that every block must keep; the simulator and the scenario
// tests check them after every block.
import { readAccount } from '../accounts.ts';
import type { Invariant } from '../module.ts';
import { checkGovernanceParams } from './policy.ts';
import { findProposal, readGovState } from './store.ts';
import { governanceLimits } from './types.ts';
import { moduleAccounts } from './state.ts';

/** Governance's invariants. */
export const governanceInvariants: readonly Invariant[] = [
  {
    name: 'governance parameters keep the invariants no vote can remove',
    check(state) {
      const gov = readGovState(state);
      if (gov === undefined) return undefined;
      return checkGovernanceParams(gov.params, gov)?.message;
    },
  },
  {
    name: 'open proposals exist, are open, and are bounded',
    check(state) {
      const gov = readGovState(state);
      if (gov === undefined) return undefined;
      if (gov.active.length > governanceLimits.activeProposalsMax)
        return `${gov.active.length} open proposals`;
      for (const id of gov.active) {
        const p = findProposal(state, id);
        if (p === undefined) return `open proposal ${id} is missing`;
        if (p.status !== 'deposit' && p.status !== 'voting' && p.status !== 'passed')
          return `proposal ${id} is ${p.status} but still listed as open`;
      }
      return undefined;
    },
  },
  {
    name: 'the deposit escrow holds every deposit not yet refunded or burned',
    check(state) {
      const gov = readGovState(state);
      if (gov === undefined) return undefined;
      let held = 0n;
      for (const id of gov.active) {
        const p = findProposal(state, id);
        if (p !== undefined && (p.status === 'deposit' || p.status === 'voting')) held += p.deposit;
      }
      // Anyone may send tokens to the escrow's address, so it can hold more, never less.
      const balance = readAccount(state, moduleAccounts.deposits).balance;
      return balance >= held ? undefined : `escrow holds ${balance} of ${held} deposited`;
    },
  },
];

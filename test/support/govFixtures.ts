// Test support for the governance scenarios (test/scenarios/governance*.test.ts): the cast of
// accounts, a consortium's governance genesis for them, and builders of proposals and votes.
import type { Choice, GenesisGovernance, Message } from '../../src/execution/index.ts';
import type { TestAccount } from './chain.ts';
import { accounts, shortParams } from './govChain.ts';

/**
 * The cast: a stake holder with 60% (`whale`), two smaller holders (`s1`, `s2`), five members
 * (`m1`..`m5`), three members who are also the maintainers (`x1`..`x3`), and an `outsider`.
 */
export const [whale, s1, s2, m1, m2, m3, m4, m5, x1, x2, x3, outsider] = accounts(
  11,
  12,
  13,
  21,
  22,
  23,
  24,
  25,
  31,
  32,
  33,
  41,
);
/** Every account of the cast (each scenario funds them all at genesis). */
export const everyone = [whale!, s1!, s2!, m1!, m2!, m3!, m4!, m5!, x1!, x2!, x3!, outsider!];
/** The members chamber. */
export const members = [m1!, m2!, m3!, m4!, m5!, x1!, x2!, x3!];
/** The maintainers council at genesis. */
export const maintainers = [x1!, x2!, x3!];

/** A consortium's governance genesis for the cast, with short periods. */
export function governance(overrides: Partial<GenesisGovernance> = {}): GenesisGovernance {
  return {
    mode: 'consortium',
    params: shortParams(),
    stake: [
      { holder: whale!.address, entity: 'whale-corp', weight: 60n },
      { holder: s1!.address, entity: 'org-one', weight: 20n },
      { holder: s2!.address, entity: 'org-two', weight: 20n },
    ],
    members: members.map((m) => m.address),
    maintainers: maintainers.map((m) => m.address),
    constitution: { hash: new Uint8Array(32).fill(7), url: 'https://example.org/constitution' },
    treasury: 1_000_000n,
    development: false,
    ...overrides,
  };
}

/** A `gov.propose` message (deposit 1000 unless given). */
export const propose = (
  title: string,
  action: Extract<Message, { type: 'gov.propose' }>['action'],
  deposit = 1000n,
): Message => ({
  type: 'gov.propose',
  title,
  text: '',
  deposit,
  action,
});
/** A `gov.vote` message without candidates. */
export const vote = (
  proposal: number,
  chamber: 'stake' | 'members' | 'maintainers',
  choice: Choice,
): Message => ({
  type: 'gov.vote',
  proposal,
  chamber,
  choice,
  candidates: [],
});
/** The same vote from each of `voters`, one transaction each. */
export const votes = (
  voters: readonly TestAccount[],
  proposal: number,
  chamber: 'stake' | 'members' | 'maintainers',
  choice: Choice,
) => voters.map((from) => ({ from, messages: [vote(proposal, chamber, choice)] }));

// The genesis state: initial balances. Applied once, before height 1.
import { polityError, toHex } from '../lib/index.ts';
import { moduleAccounts, type GenesisGovernance, type Validator } from '../types/index.ts';
import { genesisStaking } from './staking/staking.ts';
import { checkGovernanceParams } from './governance/policy.ts';
import { writeGovState, writeMemberRoll, writeStakeRoll } from './governance/store.ts';
import { credit } from './accounts.ts';
import { createOverlay, type StateReader } from './overlay.ts';

/** One initial allocation. */
export interface GenesisAllocation {
  readonly address: Uint8Array;
  readonly balance: bigint;
}

function invalidGenesis(message: string): Error {
  return polityError('invalid_genesis', 'invalid', `genesis.json: ${message}`);
}

/** Checks a genesis governance section; throws `invalid_genesis` naming the problem. */
export function checkGenesisGovernance(g: GenesisGovernance): void {
  const problem = checkGovernanceParams(g.params);
  if (problem !== undefined) throw invalidGenesis(`governance.params: ${problem.message}`);
  if (new Set(g.members.map(toHex)).size !== g.members.length)
    throw invalidGenesis('governance.members lists a member twice');
  if (new Set(g.maintainers.map(toHex)).size !== g.maintainers.length)
    throw invalidGenesis('governance.maintainers lists a maintainer twice');
  if (g.maintainers.length > g.params.maintainerSeats)
    throw invalidGenesis(
      `governance.maintainers names ${g.maintainers.length} but the council has ${g.params.maintainerSeats} seats`,
    );
  if (new Set(g.stake.map((h) => toHex(h.holder))).size !== g.stake.length)
    throw invalidGenesis('governance.stake lists a holder twice');
  if (g.mode === 'public' && g.stake.length > 0)
    throw invalidGenesis("a public chain counts validators' stake; governance.stake must be empty");
}

/** The state changes of the genesis: allocations, then governance if the genesis has it. */
export function genesisChanges(
  state: StateReader,
  allocations: readonly GenesisAllocation[],
  governance?: {
    readonly section: GenesisGovernance;
    readonly genesisTimeMs: number;
    /** The genesis validators: on a public chain, bonded with their power's worth of stake. */
    readonly validators: readonly Validator[];
  },
): ReadonlyMap<string, Uint8Array | undefined> {
  const overlay = createOverlay(state);
  for (const a of allocations) {
    if (a.balance < 0n)
      throw polityError('invalid_genesis', 'invalid', 'Genesis balances must not be negative.');
    credit(overlay, a.address, a.balance);
  }
  if (governance !== undefined) {
    const g = governance.section;
    checkGenesisGovernance(g);
    writeGovState(overlay, {
      mode: g.mode,
      params: g.params,
      nextProposalId: 1,
      // Quorum starts halfway between its clamps.
      turnoutAverageBps: { stake: 5000, members: 5000, maintainers: 5000 },
      active: [],
      council: g.maintainers.map((holder) => ({
        holder,
        termEndMs: governance.genesisTimeMs + g.params.maintainerTermMs,
        consecutiveTerms: 1,
      })),
      pauses: [],
      constitution: g.constitution,
      upgrade: undefined,
      applied: [],
    });
    writeStakeRoll(overlay, g.stake);
    writeMemberRoll(overlay, g.members);
    if (g.treasury > 0n) credit(overlay, moduleAccounts.treasury, g.treasury);
    if (g.mode === 'public') genesisStaking(overlay, governance.validators);
  }
  return overlay.changes();
}

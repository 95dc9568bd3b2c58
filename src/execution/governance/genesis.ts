// Governance's genesis: its section of genesis.json (chambers, rules, council, treasury) checked and
// written; a public chain also bonds its genesis validators (staking) with governance's unbonding
// period.
import { toHex } from '../../lib/index.ts';
import { credit } from '../accounts.ts';
import { executionErrors } from '../errors.ts';
import type { GenesisInput } from '../module.ts';
import type { StateOverlay } from '../overlay.ts';
import { defaultStakingParams, genesisStaking } from '../staking/index.ts';
import { checkGovernanceParams } from './policy.ts';
import { writeGovState, writeMemberRoll, writeStakeRoll } from './store.ts';
import { moduleAccounts, type GenesisGovernance } from './state.ts';

function invalid(problem: string): Error {
  return executionErrors.invalid_genesis({ problem });
}

/** Checks a genesis governance section; throws `invalid_genesis` naming the problem. */
export function checkGenesisGovernance(g: GenesisGovernance): void {
  const problem = checkGovernanceParams(g.params, { development: g.development });
  if (problem !== undefined) throw invalid(`governance.params: ${problem.message}`);
  if (new Set(g.members.map(toHex)).size !== g.members.length)
    throw invalid('governance.members lists a member twice');
  if (new Set(g.maintainers.map(toHex)).size !== g.maintainers.length)
    throw invalid('governance.maintainers lists a maintainer twice');
  if (g.maintainers.length > g.params.maintainerSeats)
    throw invalid(
      `governance.maintainers names ${g.maintainers.length} but the council has ${g.params.maintainerSeats} seats`,
    );
  if (new Set(g.stake.map((h) => toHex(h.holder))).size !== g.stake.length)
    throw invalid('governance.stake lists a holder twice');
  if (g.mode === 'public' && g.stake.length > 0)
    throw invalid("a public chain counts validators' stake; governance.stake must be empty");
}

/** The section of genesis.json this module reads. */
export const governanceSection = 'governance';

/** Writes governance's genesis state (nothing on a chain without the section). */
export function genesisGovernance(state: StateOverlay, genesis: GenesisInput): void {
  // The chain parsed the section with governanceFromJson / genesisGovernanceCodec.
  const g = genesis.sections[governanceSection] as GenesisGovernance | undefined;
  if (g === undefined) return;
  checkGenesisGovernance(g);
  writeGovState(state, {
    mode: g.mode,
    params: g.params,
    nextProposalId: 1,
    // Quorum starts halfway between its clamps.
    turnoutAverageBps: { stake: 5000, members: 5000, maintainers: 5000 },
    active: [],
    council: g.maintainers.map((holder) => ({
      holder,
      termEndMs: genesis.genesisTimeMs + g.params.maintainerTermMs,
      consecutiveTerms: 1,
    })),
    pauses: [],
    constitution: g.constitution,
    upgrade: undefined,
    applied: [],
    development: g.development,
  });
  writeStakeRoll(state, g.stake);
  writeMemberRoll(state, g.members);
  if (g.treasury > 0n) credit(state, moduleAccounts.treasury, g.treasury);
  if (g.mode === 'public')
    genesisStaking(state, genesis.validators, {
      ...defaultStakingParams,
      unbondingPeriodMs: g.params.unbondingPeriodMs,
      powerCapBps: g.params.validatorPowerCapBps,
    });
}

// The governance module: proposals that every required chamber (stake holders, members,
// maintainers) must approve, with deposits, vetoes, the per-entity cap, delegation that can
// always be overridden, exit windows, enactment, emergency pauses, upgrades at a height, and
// capture metrics (docs/spec/governance.md). Never paused.
import type { ModuleDef } from '../module.ts';
import { endBlockGovernance, nextGovernanceDeadline, pausedModules } from './endBlock.ts';
import { genesisGovernance } from './genesis.ts';
import { governanceInvariants } from './invariants.ts';
import { delegateMessage, depositMessage, proposeMessage, voteMessage } from './messages.ts';
import { readGovState } from './store.ts';
import { governanceStatePrefix } from './state.ts';
import { applyScheduledUpgrade } from './upgrades.ts';

export * from './capture.ts';
export * from './election.ts';
export { countProposal, type ProposalCount } from './count.ts';
export * from './errors.ts';
export { checkGenesisGovernance, governanceSection } from './genesis.ts';
export { governanceGas, chambersBelowFloor } from './messages.ts';
export * from './params.ts';
export * from './policy.ts';
export * from './quorum.ts';
export {
  chamberRoll,
  inChamber,
  operatedValidators,
  stakeHolders,
  type ChamberRoll,
} from './rolls.ts';
export * from './store.ts';
export * from './tally.ts';
export * from './state.ts';
export * from './types.ts';
export { blockingUpgrade, knownUpgrades, migrations, upgradeRequired } from './upgrades.ts';
export * from './verdict.ts';
export { nextGovernanceDeadline, pausedModules };

/** The governance module. */
export const governanceModule = {
  name: 'governance',
  pausable: false,
  statePrefixes: [governanceStatePrefix],
  messages: [proposeMessage, depositMessage, voteMessage, delegateMessage],
  events: ['proposal'],
  genesis: genesisGovernance,
  beginBlock(state, ctx) {
    applyScheduledUpgrade(state, ctx.height, ctx.upgrades);
    return undefined;
  },
  endBlock: endBlockGovernance,
  paused: (state) => pausedModules(readGovState(state)),
  nextDeadlineMs: nextGovernanceDeadline,
  invariants: governanceInvariants,
} as const satisfies ModuleDef;

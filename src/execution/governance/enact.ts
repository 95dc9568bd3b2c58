// Enacting a passed proposal at the end of the block its exit window closes in: what each kind
// of action changes. A failure (the treasury is short, a member left meanwhile) throws a typed
// error; the end of the block then reverts the action and records the proposal as failed.
import { formatAddress } from '../../crypto/index.ts';
import { equalBytes, toHex } from '../../lib/index.ts';
import type { Validator, ValidatorUpdate } from '../../types/index.ts';
import { transfer } from '../accounts.ts';
import type { BlockHookContext } from '../module.ts';
import type { StateOverlay } from '../overlay.ts';
import { setGovernedStakingParams } from '../staking/index.ts';
import { updateValidatorSet } from '../validatorSet.ts';
import { nextCouncil } from './election.ts';
import { governanceErrors } from './errors.ts';
import {
  readMemberRoll,
  readStakeRoll,
  writeMemberDelegate,
  writeMemberRoll,
  writeStakeRoll,
} from './store.ts';
import { moduleAccounts, type GovernanceState, type GovProposal } from './state.ts';

/** What enacting a proposal changed beyond state. */
export interface Enacted {
  readonly gov: GovernanceState;
  readonly validators: readonly Validator[];
  readonly validatorUpdates: readonly ValidatorUpdate[];
  readonly rollsChanged: boolean;
  readonly note: string;
}

// Carries out a passed proposal's action; throws a typed error (recorded as the proposal's
// failure, with its changes reverted) when it can no longer be done.
export function enact(
  state: StateOverlay,
  gov: GovernanceState,
  p: GovProposal,
  ctx: BlockHookContext,
  validators: readonly Validator[],
): Enacted {
  const a = p.action;
  const same = { gov, validators, validatorUpdates: [], rollsChanged: false, note: '' };
  switch (a.type) {
    case 'signal':
      return same;
    case 'treasury.spend':
      transfer(state, moduleAccounts.treasury, a.to, a.amount);
      return same;
    case 'member.admit': {
      const roll = readMemberRoll(state);
      if (roll.some((m) => equalBytes(m, a.member)))
        throw governanceErrors.member_exists({ member: formatAddress(a.member) });
      writeMemberRoll(state, [...roll, a.member]);
      return { ...same, rollsChanged: true };
    }
    case 'member.remove': {
      const roll = readMemberRoll(state);
      if (!roll.some((m) => equalBytes(m, a.member)))
        throw governanceErrors.member_unknown({ member: formatAddress(a.member) });
      writeMemberRoll(
        state,
        roll.filter((m) => !equalBytes(m, a.member)),
      );
      writeMemberDelegate(state, a.member, undefined);
      return { ...same, rollsChanged: true };
    }
    case 'stake.assign': {
      const roll = readStakeRoll(state).filter((h) => !equalBytes(h.holder, a.holder));
      if (a.weight > 0n) roll.push({ holder: a.holder, entity: a.entity, weight: a.weight });
      writeStakeRoll(state, roll);
      return { ...same, rollsChanged: true };
    }
    case 'validators.update': {
      const next = updateValidatorSet(validators, a.updates);
      return {
        ...same,
        validators: next,
        validatorUpdates: a.updates,
        rollsChanged: gov.mode === 'public',
      };
    }
    case 'election': {
      const elected = p.elected;
      const council = nextCouncil(
        gov.council.map((s) => ({ ...s, holder: toHex(s.holder) })),
        elected.map(toHex),
        ctx.timeMs,
        gov.params.maintainerTermMs,
      );
      const byId = new Map(elected.map((c) => [toHex(c), c]));
      return {
        ...same,
        gov: {
          ...gov,
          council: council.map((s) => ({ ...s, holder: byId.get(s.holder) ?? new Uint8Array() })),
        },
        rollsChanged: true,
        note: `seated: ${elected.map((c) => formatAddress(c)).join(', ')}`,
      };
    }
    case 'rules.set':
      // Staking keeps copies of the parameters it applies (it does not read governance's state).
      setGovernedStakingParams(state, {
        unbondingPeriodMs: a.params.unbondingPeriodMs,
        powerCapBps: a.params.validatorPowerCapBps,
      });
      return { ...same, gov: { ...gov, params: a.params }, rollsChanged: true };
    case 'constitution.set':
      return { ...same, gov: { ...gov, constitution: { hash: a.hash, url: a.url } } };
    case 'emergency.pause': {
      const untilMs = ctx.timeMs + (p.policy.expiryMs ?? 0);
      const pauses = gov.pauses.filter((x) => x.module !== a.module);
      return {
        ...same,
        gov: { ...gov, pauses: [...pauses, { module: a.module, untilMs, proposal: p.id }] },
      };
    }
    case 'emergency.ratify': {
      const at = gov.pauses.findIndex((x) => x.proposal === a.proposal && x.untilMs !== undefined);
      const pause = gov.pauses[at];
      if (pause === undefined)
        throw governanceErrors.pause_unknown({
          reason: `the pause of proposal ${a.proposal} expired before ratification`,
        });
      const pauses = gov.pauses.slice();
      pauses[at] = { ...pause, untilMs: undefined };
      return { ...same, gov: { ...gov, pauses } };
    }
    case 'emergency.lift':
      return { ...same, gov: { ...gov, pauses: gov.pauses.filter((x) => x.module !== a.module) } };
    case 'upgrade':
      return {
        ...same,
        gov: {
          ...gov,
          upgrade: {
            name: a.name,
            version: a.version,
            height: Math.max(a.height, ctx.height + 1),
            proposal: p.id,
          },
        },
      };
    case 'irregular.transfer':
      for (const move of a.moves) transfer(state, move.from, move.to, move.amount);
      return same;
  }
}

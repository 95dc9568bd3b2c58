// What governance does at the end of every block, in block time: close deposit periods, tally
// proposals whose voting ended (burning the deposit of a vetoed one, refunding the others), enact
// passed proposals whose exit window is over, expire emergency pauses, and recompute the capture
// metrics when who votes changed. Bounded by the open proposals (at most 64) and the roll sizes.
import { encode } from '../../codec/index.ts';
import { equalBytes, isPolityError } from '../../lib/index.ts';
import type { ValidatorUpdate } from '../../types/index.ts';
import { readAccount, transfer, writeAccount } from '../accounts.ts';
import {
  validatorSetChanged,
  type BlockHookContext,
  type ModuleEvent,
  type Output,
} from '../module.ts';
import type { StateOverlay, StateReader } from '../overlay.ts';
import { stakeChanged } from '../staking/index.ts';
import { captureSummary } from './captureSummary.ts';
import { countProposal } from './count.ts';
import { enact } from './enact.ts';
import { rollsChanged as rollsMark } from './marks.ts';
import { proposalEvent } from './events.ts';
import { findProposal, readGovState, readProposal, writeProposal } from './store.ts';
import {
  captureCodec,
  governanceStateCodec,
  governanceKeys,
  moduleAccounts,
  type GovernanceState,
  type GovProposal,
} from './state.ts';

function refund(state: StateOverlay, p: GovProposal): void {
  for (const d of p.depositors) transfer(state, moduleAccounts.deposits, d.depositor, d.amount);
}

function burn(state: StateOverlay, p: GovProposal): void {
  const escrow = readAccount(state, moduleAccounts.deposits);
  writeAccount(state, moduleAccounts.deposits, { ...escrow, balance: escrow.balance - p.deposit });
}

interface Tallied {
  readonly gov: GovernanceState;
  readonly proposal: GovProposal;
}

function tallyProposal(
  state: StateOverlay,
  gov: GovernanceState,
  p: GovProposal,
  ctx: BlockHookContext,
): Tallied {
  const count = countProposal(state, gov, p, ctx.validators);
  if (count.outcome === 'vetoed') burn(state, p);
  else refund(state, p);
  return {
    gov: { ...gov, turnoutAverageBps: count.turnoutAverageBps },
    proposal: {
      ...p,
      status: count.outcome,
      results: count.results,
      decidedTimeMs: ctx.timeMs,
      enactAtMs: count.outcome === 'passed' ? ctx.timeMs + p.policy.exitWindowMs : undefined,
      elected: count.elected,
      outcome: count.note,
    },
  };
}

/** Whether the block changed who votes in some chamber (capture metrics are then recomputed). */
function whoVotesChanged(marks: ReadonlySet<string>): boolean {
  return marks.has(rollsMark) || marks.has(stakeChanged) || marks.has(validatorSetChanged);
}

/** Runs governance's end of block over `state`. */
export function endBlockGovernance(state: StateOverlay, ctx: BlockHookContext): Output | undefined {
  let gov = readGovState(state);
  if (gov === undefined) return undefined;
  let validators = ctx.validators;
  const validatorUpdates: ValidatorUpdate[] = [];
  const events: ModuleEvent[] = [];
  const record = (p: GovProposal): void => {
    writeProposal(state, p);
    events.push(proposalEvent(p));
  };
  let rollsChanged = whoVotesChanged(ctx.marks) || state.get(governanceKeys.capture) === undefined;
  const stillActive: number[] = [];
  for (const id of gov.active) {
    let p = readProposal(state, id);
    if (p.status === 'deposit' && ctx.timeMs >= p.depositEndMs) {
      refund(state, p);
      record({
        ...p,
        status: 'expired',
        decidedTimeMs: ctx.timeMs,
        outcome: 'the deposit never reached its minimum; refunded',
      });
      continue;
    }
    if (p.status === 'voting' && p.votingEndMs !== undefined && ctx.timeMs >= p.votingEndMs) {
      const t = tallyProposal(state, gov, p, ctx);
      gov = t.gov;
      p = t.proposal;
      record(p);
      if (p.status !== 'passed') continue;
    }
    if (p.status === 'passed' && p.enactAtMs !== undefined && ctx.timeMs >= p.enactAtMs) {
      const checkpoint = state.checkpoint();
      try {
        const done = enact(state, gov, p, ctx, validators);
        gov = done.gov;
        validators = done.validators;
        validatorUpdates.push(...done.validatorUpdates);
        rollsChanged ||= done.rollsChanged;
        record({
          ...p,
          status: 'enacted',
          enactedHeight: ctx.height,
          outcome: done.note === '' ? p.outcome : done.note,
        });
      } catch (error) {
        if (!isPolityError(error)) throw error;
        state.revert(checkpoint);
        record({
          ...p,
          status: 'failed',
          enactedHeight: ctx.height,
          outcome: `${error.code}: ${error.message}`,
        });
      }
      continue;
    }
    stillActive.push(id);
  }
  const pauses = gov.pauses.filter((x) => x.untilMs === undefined || x.untilMs > ctx.timeMs);
  // Seats whose term ended are vacated: a council only serves the terms it was elected for.
  const council = gov.council.filter((seat) => seat.termEndMs > ctx.timeMs);
  if (council.length !== gov.council.length) rollsChanged = true;
  gov = { ...gov, active: stillActive, pauses, council };
  // Written only when something changed, so an idle governance costs no state write per block.
  const encoded = encode(governanceStateCodec, gov);
  const before = state.get(governanceKeys.state);
  if (before === undefined || !equalBytes(before, encoded))
    state.set(governanceKeys.state, encoded);
  if (rollsChanged)
    state.set(
      governanceKeys.capture,
      encode(captureCodec, captureSummary(state, gov, ctx.height, validators)),
    );
  return { validatorUpdates, events };
}

/** The modules paused now (transactions using them fail with `module_paused`). */
export function pausedModules(gov: GovernanceState | undefined): ReadonlySet<string> {
  return new Set(gov?.pauses.map((p) => p.module) ?? []);
}

/**
 * The earliest block time at which governance has something to do (a deposit period or a vote
 * ending, an exit window over, a pause expiring); undefined when nothing is scheduled. A producer
 * that makes blocks only when transactions wait uses it to make one anyway when a deadline passed.
 */
export function nextGovernanceDeadline(state: StateReader): number | undefined {
  const gov = readGovState(state);
  if (gov === undefined) return undefined;
  let next: number | undefined;
  const consider = (t: number | undefined) => {
    if (t !== undefined && (next === undefined || t < next)) next = t;
  };
  for (const id of gov.active) {
    const p = findProposal(state, id);
    if (p === undefined) continue;
    if (p.status === 'deposit') consider(p.depositEndMs);
    else if (p.status === 'voting') consider(p.votingEndMs);
    else if (p.status === 'passed') consider(p.enactAtMs);
  }
  for (const pause of gov.pauses) consider(pause.untilMs);
  return next;
}

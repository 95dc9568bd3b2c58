// What governance does at the end of every block, in block time: close deposit periods, tally
// proposals whose voting ended (burning the deposit of a vetoed one, refunding the others), enact
// passed proposals whose exit window is over, expire emergency pauses, and recompute the capture
// metrics when who votes changed. Bounded by the open proposals (at most 64) and the roll sizes.
import { encode } from '../../codec/index.ts';
import { formatAddress } from '../../crypto/index.ts';
import { equalBytes, isPolityError, toHex } from '../../lib/index.ts';
import type { Validator, ValidatorUpdate } from '../../types/index.ts';
import { readAccount, transfer, writeAccount } from '../accounts.ts';
import {
  validatorSetChanged,
  type BlockHookContext,
  type ModuleEvent,
  type Output,
} from '../module.ts';
import type { StateOverlay, StateReader } from '../overlay.ts';
import { setUnbondingPeriod, stakeChanged } from '../staking/index.ts';
import { updateValidatorSet } from '../validatorSet.ts';
import { captureReport } from './capture.ts';
import { electedSeats, electionTally, nextCouncil } from './election.ts';
import { governanceErrors } from './errors.ts';
import { rollsChanged as rollsMark } from './marks.ts';
import { proposalEvent } from './messages.ts';
import { effectivePolicy } from './policy.ts';
import { nextTurnoutAverage, quorumBps } from './quorum.ts';
import { chamberRoll } from './rolls.ts';
import {
  findProposal,
  readBallot,
  readGovState,
  readMemberRoll,
  readProposal,
  readStakeRoll,
  writeMemberDelegate,
  writeMemberRoll,
  writeProposal,
  writeStakeRoll,
} from './store.ts';
import { tallyChamber, shareBps, meets, type Voter } from './tally.ts';
import {
  captureCodec,
  governanceStateCodec,
  governanceKeys,
  moduleAccounts,
  type CaptureSummary,
  type Chamber,
  type ChamberResult,
  type GovernanceState,
  type GovProposal,
} from './types.ts';
import { proposalVerdict } from './verdict.ts';

function refund(state: StateOverlay, p: GovProposal): void {
  for (const d of p.depositors) transfer(state, moduleAccounts.deposits, d.depositor, d.amount);
}

function burn(state: StateOverlay, p: GovProposal): void {
  const escrow = readAccount(state, moduleAccounts.deposits);
  writeAccount(state, moduleAccounts.deposits, { ...escrow, balance: escrow.balance - p.deposit });
}

function rollsFor(
  state: StateOverlay,
  gov: GovernanceState,
  validators: readonly Validator[],
): Record<Chamber, { voters: readonly Voter[]; addresses: ReadonlyMap<string, Uint8Array> }> {
  return {
    stake: chamberRoll(state, gov, 'stake', validators),
    members: chamberRoll(state, gov, 'members', validators),
    maintainers: chamberRoll(state, gov, 'maintainers', validators),
  };
}

interface Tallied {
  readonly gov: GovernanceState;
  readonly proposal: GovProposal;
}

/** A proposal's count as it stands: what the tally would decide if voting ended now. */
export interface ProposalCount {
  readonly outcome: 'passed' | 'rejected' | 'vetoed';
  readonly results: readonly ChamberResult[];
  readonly elected: readonly Uint8Array[];
  readonly note: string;
  /** The chambers' turnout averages once this tally is taken into account. */
  readonly turnoutAverageBps: GovernanceState['turnoutAverageBps'];
}

/** Counts `p`'s votes over `state` (reads only). */
export function countProposal(
  state: StateReader,
  gov: GovernanceState,
  p: GovProposal,
  validators: readonly Validator[],
): ProposalCount {
  const ctx = { validators };
  const quorums = {
    stake: quorumBps(gov.params.quorum.stake, gov.turnoutAverageBps.stake),
    members: quorumBps(gov.params.quorum.members, gov.turnoutAverageBps.members),
    maintainers: quorumBps(gov.params.quorum.maintainers, gov.turnoutAverageBps.maintainers),
  };
  const turnout = { ...gov.turnoutAverageBps };
  const results: ChamberResult[] = [];
  let outcome: 'passed' | 'rejected' | 'vetoed';
  let note = '';
  let elected: Uint8Array[] = [];
  if (p.action.type === 'election') {
    const roll = chamberRoll(state, gov, 'members', ctx.validators);
    const ballots = new Map<string, readonly string[]>();
    for (const v of roll.voters) {
      const address = roll.addresses.get(v.id);
      const b = address === undefined ? undefined : readBallot(state, p.id, 'members', address);
      if (b !== undefined) ballots.set(v.id, b.candidates.map(toHex));
    }
    const cap = gov.params.entityCapBps.members;
    const counts = electionTally(roll.voters, ballots, p.action.candidates.map(toHex), cap);
    // Turnout and quorum count the weight of everyone who cast a ballot (directly or delegated).
    const cast = tallyChamber(
      roll.voters,
      new Map([...ballots.keys()].map((id) => [id, 'yes' as const])),
      cap,
    );
    const castWeight = cast.yes;
    const quorumMet =
      castWeight > 0n && meets(castWeight, cast.eligible, { bps: quorums.members, strict: false });
    const winners = quorumMet ? electedSeats(counts, gov.params.maintainerSeats) : [];
    const byId = new Map(p.action.candidates.map((c) => [toHex(c), c]));
    elected = winners.flatMap((w) => byId.get(w) ?? []);
    outcome = winners.length > 0 ? 'passed' : 'rejected';
    note =
      winners.length > 0
        ? `elected: ${elected.map((c) => `${formatAddress(c)} (${counts.get(toHex(c)) ?? 0n})`).join(', ')}`
        : 'no quorum or no votes: the council is unchanged';
    const turnoutBps = shareBps(castWeight, cast.eligible);
    turnout.members = nextTurnoutAverage(turnout.members, turnoutBps);
    results.push({
      chamber: 'members',
      eligible: cast.eligible,
      yes: castWeight,
      no: 0n,
      abstain: 0n,
      veto: 0n,
      quorumBps: quorums.members,
      turnoutBps,
      approved: outcome === 'passed',
      vetoed: false,
    });
  } else {
    const tallies: Partial<Record<Chamber, ReturnType<typeof tallyChamber>>> = {};
    for (const chamber of p.policy.chambers) {
      const roll = chamberRoll(state, gov, chamber, ctx.validators, p.id);
      const ballots = new Map<string, 'yes' | 'no' | 'abstain' | 'veto'>();
      for (const v of roll.voters) {
        const address = roll.addresses.get(v.id);
        const b = address === undefined ? undefined : readBallot(state, p.id, chamber, address);
        if (b !== undefined) ballots.set(v.id, b.choice);
      }
      tallies[chamber] = tallyChamber(roll.voters, ballots, gov.params.entityCapBps[chamber]);
    }
    const verdict = proposalVerdict(p.policy, tallies, quorums);
    outcome = verdict.outcome;
    for (const c of verdict.chambers) {
      const t = tallies[c.chamber];
      if (t === undefined) continue;
      turnout[c.chamber] = nextTurnoutAverage(turnout[c.chamber], c.turnoutBps);
      results.push({
        chamber: c.chamber,
        eligible: t.eligible,
        yes: t.yes,
        no: t.no,
        abstain: t.abstain,
        veto: t.veto,
        quorumBps: quorums[c.chamber],
        turnoutBps: Math.min(10_000, c.turnoutBps),
        approved: c.approved,
        vetoed: c.vetoed,
      });
    }
  }
  return { outcome, results, elected, note, turnoutAverageBps: turnout };
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

interface Enacted {
  readonly gov: GovernanceState;
  readonly validators: readonly Validator[];
  readonly validatorUpdates: readonly ValidatorUpdate[];
  readonly rollsChanged: boolean;
  readonly note: string;
}

// Carries out a passed proposal's action; throws a typed error (recorded as the proposal's
// failure, with its changes reverted) when it can no longer be done.
function enact(
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
      // Staking keeps a copy of the unbonding period (it does not read governance's state).
      setUnbondingPeriod(state, a.params.unbondingPeriodMs);
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

function captureSummary(
  state: StateOverlay,
  gov: GovernanceState,
  ctx: BlockHookContext,
  validators: readonly Validator[],
): CaptureSummary {
  const rolls = rollsFor(state, gov, validators);
  const quorums = {
    stake: quorumBps(gov.params.quorum.stake, gov.turnoutAverageBps.stake),
    members: quorumBps(gov.params.quorum.members, gov.turnoutAverageBps.members),
    maintainers: quorumBps(gov.params.quorum.maintainers, gov.turnoutAverageBps.maintainers),
  };
  const report = captureReport(
    gov.params,
    {
      stake: rolls.stake.voters,
      members: rolls.members.voters,
      maintainers: rolls.maintainers.voters,
    },
    quorums,
    (kind) => effectivePolicy(gov.params, kind),
  );
  return {
    height: ctx.height,
    chambers: report.chambers.map((c) => ({
      chamber: c.chamber,
      entities: c.entities,
      third: c.nakamoto.third,
      half: c.nakamoto.half,
      twoThirds: c.nakamoto.twoThirds,
      thirdUncapped: c.nakamotoThirdUncapped,
      belowFloor: c.belowFloor,
    })),
    kinds: report.kinds.map((k) => ({
      kind: k.kind,
      pass: k.pass,
      passIfOthersAbstain: k.passIfOthersAbstain,
      block: k.block,
      uncappedPass: k.uncapped.pass,
      uncappedBlock: k.uncapped.block,
    })),
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
      encode(captureCodec, captureSummary(state, gov, ctx, validators)),
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

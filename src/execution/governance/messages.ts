// The governance messages: propose (with a deposit), add to a deposit, vote, delegate. Each checks
// everything that depends on state and throws a typed error (the transaction's failure receipt,
// with every change reverted) before it changes anything.
import { decode, encode, uint } from '../../codec/index.ts';
import { formatAddress } from '../../crypto/index.ts';
import { equalBytes, toHex } from '../../lib/index.ts';
import {
  captureCodec,
  governanceKeys,
  governanceLimits,
  kindOfAction,
  stakingKeys,
  moduleAccounts,
  type Chamber,
  type GovernanceState,
  type GovProposal,
  type Message,
  type Validator,
} from '../../types/index.ts';
import { transfer } from '../accounts.ts';
import type { StateOverlay, StateReader } from '../overlay.ts';
import { mayStand } from './election.ts';
import { governanceDisabled, govError } from './errors.ts';
import { checkGovernanceParams, effectivePolicy } from './policy.ts';
import { inChamber, operatedValidators } from './rolls.ts';
import {
  appendChunked,
  readDelegations,
  readStaking,
  writeStakingState,
} from '../staking/staking.ts';
import {
  readBallot,
  readGovState,
  readMemberRoll,
  readProposal,
  writeBallot,
  writeGovState,
  writeMemberDelegate,
  writeProposal,
} from './store.ts';

/** Where a governance message runs. */
export interface GovTxContext {
  readonly height: number;
  readonly timeMs: number;
  /** The newest validator set (the stake chamber of a public chain, until staking lands). */
  readonly validators: readonly Validator[];
  /** Set when the message changed who votes, so capture metrics are recomputed at block end. */
  readonly rollsChanged: { value: boolean };
}

type GovMessage = Extract<Message, { type: `gov.${string}` }>;

function requireGov(state: StateReader): GovernanceState {
  const gov = readGovState(state);
  if (gov === undefined) throw governanceDisabled();
  return gov;
}

/** Chambers below their capture floor in the latest capture report. */
export function chambersBelowFloor(state: StateReader): ReadonlySet<Chamber> {
  const raw = state.get(governanceKeys.capture);
  if (raw === undefined) return new Set();
  return new Set(
    decode(captureCodec, raw)
      .chambers.filter((c) => c.belowFloor)
      .map((c) => c.chamber),
  );
}

function isMember(state: StateReader, address: Uint8Array): boolean {
  return readMemberRoll(state).some((m) => equalBytes(m, address));
}

// Checks a proposal's action can be enacted as things stand at submission; enactment checks again.
function checkSubmission(
  state: StateReader,
  gov: GovernanceState,
  ctx: GovTxContext,
  m: Extract<GovMessage, { type: 'gov.propose' }>,
): void {
  const a = m.action;
  switch (a.type) {
    case 'rules.set': {
      const problem = checkGovernanceParams(a.params);
      if (problem !== undefined) throw problem;
      return;
    }
    case 'member.admit':
      if (isMember(state, a.member))
        throw govError('member_exists', 'That account is already a member.');
      if (readMemberRoll(state).length >= governanceLimits.membersMax)
        throw govError(
          'members_full',
          `The members chamber holds at most ${governanceLimits.membersMax}; remove one first.`,
        );
      return;
    case 'member.remove':
      if (!isMember(state, a.member))
        throw govError('member_unknown', 'That account is not a member; nothing to remove.');
      return;
    case 'stake.assign':
      if (gov.mode !== 'consortium')
        throw govError(
          'not_consortium',
          'Stake holders are assigned by proposal only on consortium chains; on a public chain stake is bonded.',
        );
      return;
    case 'election':
      for (const c of a.candidates) {
        if (!isMember(state, c))
          throw govError(
            'candidate_not_member',
            `Candidate ${formatAddress(c)} is not a member; only members may stand for the maintainers' council.`,
          );
        if (
          !mayStand(
            toHex(c),
            gov.council.map((s) => ({ ...s, holder: toHex(s.holder) })),
            gov.params.maintainerConsecutiveTermsMax,
          )
        )
          throw govError(
            'term_limit_reached',
            `Candidate ${formatAddress(c)} has served ${gov.params.maintainerConsecutiveTermsMax} consecutive terms and must sit the next one out.`,
          );
      }
      return;
    case 'emergency.ratify':
      if (!gov.pauses.some((p) => p.proposal === a.proposal && p.untilMs !== undefined))
        throw govError(
          'pause_unknown',
          `Proposal ${a.proposal} did not pause anything that is still paused and unratified.`,
        );
      return;
    case 'emergency.lift':
      if (!gov.pauses.some((p) => p.module === a.module))
        throw govError('pause_unknown', `The ${a.module} module is not paused.`);
      return;
    case 'upgrade':
      if (a.height <= ctx.height)
        throw govError(
          'upgrade_height_passed',
          `Height ${a.height} has passed (this is height ${ctx.height}); name a later height.`,
        );
      return;
    case 'signal':
    case 'treasury.spend':
    case 'validators.update':
    case 'constitution.set':
    case 'emergency.pause':
    case 'irregular.transfer':
      return;
  }
}

function propose(
  state: StateOverlay,
  ctx: GovTxContext,
  sender: Uint8Array,
  m: Extract<GovMessage, { type: 'gov.propose' }>,
): void {
  const gov = requireGov(state);
  if (gov.active.length >= governanceLimits.activeProposalsMax)
    throw govError(
      'proposals_full',
      `${governanceLimits.activeProposalsMax} proposals are open already; wait until one ends.`,
    );
  checkSubmission(state, gov, ctx, m);
  const kind = kindOfAction(m.action);
  const base = gov.params.policies[kind];
  const below = chambersBelowFloor(state);
  const policy = effectivePolicy(gov.params, kind, {
    spend: m.action.type === 'treasury.spend' ? m.action.amount : 0n,
    belowFloor: base.chambers.some((c) => below.has(c)),
  });
  if (m.deposit > 0n) transfer(state, sender, moduleAccounts.deposits, m.deposit);
  const open = m.deposit >= policy.depositMin;
  const id = gov.nextProposalId;
  const proposal: GovProposal = {
    id,
    proposer: sender,
    title: m.title,
    text: m.text,
    action: m.action,
    kind,
    policy,
    status: open ? 'voting' : 'deposit',
    deposit: m.deposit,
    depositors: m.deposit > 0n ? [{ depositor: sender, amount: m.deposit }] : [],
    submitTimeMs: ctx.timeMs,
    // The deposit period lasts as long as a voting period.
    depositEndMs: ctx.timeMs + policy.votingPeriodMs,
    votingEndMs: open ? ctx.timeMs + policy.votingPeriodMs : undefined,
    results: [],
    decidedTimeMs: undefined,
    enactAtMs: undefined,
    enactedHeight: undefined,
    elected: [],
    outcome: '',
  };
  writeProposal(state, proposal);
  writeGovState(state, { ...gov, nextProposalId: id + 1, active: [...gov.active, id] });
}

function deposit(
  state: StateOverlay,
  ctx: GovTxContext,
  sender: Uint8Array,
  m: Extract<GovMessage, { type: 'gov.deposit' }>,
): void {
  requireGov(state);
  const p = readProposal(state, m.proposal);
  if (p.status !== 'deposit')
    throw govError(
      'proposal_not_in_deposit',
      `Proposal ${p.id} is ${p.status}; deposits are taken only before voting opens.`,
    );
  const at = p.depositors.findIndex((d) => equalBytes(d.depositor, sender));
  if (at < 0 && p.depositors.length >= governanceLimits.depositorsMax)
    throw govError(
      'depositors_full',
      `Proposal ${p.id} has ${governanceLimits.depositorsMax} depositors already; ask one of them to add to theirs.`,
    );
  transfer(state, sender, moduleAccounts.deposits, m.amount);
  const depositors = p.depositors.slice();
  if (at < 0) depositors.push({ depositor: sender, amount: m.amount });
  else depositors[at] = { depositor: sender, amount: (depositors[at]?.amount ?? 0n) + m.amount };
  const total = p.deposit + m.amount;
  const open = total >= p.policy.depositMin;
  writeProposal(state, {
    ...p,
    deposit: total,
    depositors,
    status: open ? 'voting' : 'deposit',
    votingEndMs: open ? ctx.timeMs + p.policy.votingPeriodMs : undefined,
  });
}

function vote(
  state: StateOverlay,
  ctx: GovTxContext,
  sender: Uint8Array,
  m: Extract<GovMessage, { type: 'gov.vote' }>,
): void {
  const gov = requireGov(state);
  const p = readProposal(state, m.proposal);
  if (p.status !== 'voting' || p.votingEndMs === undefined)
    throw govError(
      'proposal_not_voting',
      `Proposal ${p.id} is not open for votes (it is ${p.status}).`,
    );
  if (ctx.timeMs >= p.votingEndMs)
    throw govError(
      'proposal_not_voting',
      `Voting on proposal ${p.id} ended at block time ${p.votingEndMs} ms; its tally comes with the next block.`,
    );
  if (!p.policy.chambers.includes(m.chamber))
    throw govError(
      'chamber_not_voting',
      `The ${m.chamber} chamber does not vote on ${p.kind} proposals; it is decided by ${p.policy.chambers.join(', ')}.`,
    );
  if (!inChamber(state, gov, m.chamber, ctx.validators, sender))
    throw govError(
      'not_in_chamber',
      `This account does not sit in the ${m.chamber} chamber, so it cannot vote there.`,
    );
  if (p.action.type === 'election') {
    const standing = new Set(p.action.candidates.map(toHex));
    if (m.candidates.some((c) => !standing.has(toHex(c))))
      throw govError('candidate_unknown', `A named candidate is not standing in election ${p.id}.`);
  } else if (m.candidates.length > 0) {
    throw govError(
      'not_an_election',
      `Proposal ${p.id} is not an election; vote without candidates.`,
    );
  }
  const ballot = { choice: m.choice, candidates: m.candidates };
  if (m.chamber === 'stake' && gov.mode === 'public' && readStaking(state) !== undefined) {
    // An operator votes for its validators (their delegators follow); any other account votes
    // with its own delegations, overriding its validators for this proposal.
    const operated = operatedValidators(state, sender);
    if (operated.length > 0) {
      for (const v of operated) writeBallot(state, p.id, 'stake', v, ballot);
      return;
    }
    if (readBallot(state, p.id, 'stake', sender) === undefined) {
      const countKey = governanceKeys.stakeVoterCount(p.id);
      const raw = state.get(countKey);
      const count = raw === undefined ? 0 : decode(uint, raw);
      const next = appendChunked(
        state,
        (chunk) => governanceKeys.stakeVoterChunk(p.id, chunk),
        count,
        sender,
      );
      state.set(countKey, encode(uint, next));
    }
  }
  writeBallot(state, p.id, m.chamber, sender, ballot);
}

function delegate(
  state: StateOverlay,
  ctx: GovTxContext,
  sender: Uint8Array,
  m: Extract<GovMessage, { type: 'gov.delegate' }>,
): void {
  const gov = requireGov(state);
  if (m.chamber === 'stake' && gov.mode === 'public') {
    delegateStake(state, ctx, sender, m.to);
    return;
  }
  if (m.chamber !== 'members')
    throw govError(
      'delegation_unsupported',
      `Votes in the ${m.chamber} chamber cannot be delegated with gov.delegate; members delegate to members, and on public chains delegators choose whom their stake follows.`,
    );
  if (!isMember(state, sender))
    throw govError('not_in_chamber', 'Only members may delegate their members-chamber vote.');
  if (m.to !== undefined) {
    if (equalBytes(m.to, sender))
      throw govError(
        'delegate_self',
        'A member cannot delegate to itself; clear the delegation instead.',
      );
    if (!isMember(state, m.to))
      throw govError('delegate_not_member', 'Delegate to another member of the chamber.');
  }
  writeMemberDelegate(state, sender, m.to);
  ctx.rollsChanged.value = true;
}

// A delegator's stake-chamber vote follows `to` instead of its validators (or its validators
// again when `to` is absent). Operators vote for their validators and cannot redirect.
function delegateStake(
  state: StateOverlay,
  ctx: GovTxContext,
  sender: Uint8Array,
  to: Uint8Array | undefined,
): void {
  const staking = readStaking(state);
  if (staking === undefined)
    throw govError('staking_disabled', 'This chain has no bonded stake to delegate a vote for.');
  if (operatedValidators(state, sender).length > 0)
    throw govError(
      'operator_cannot_redirect',
      'An operator votes for its validators; its delegators may choose whom they follow, it cannot.',
    );
  if (readDelegations(state, sender).length === 0)
    throw govError(
      'not_in_chamber',
      'Only accounts with delegated stake vote in the stake chamber.',
    );
  if (to !== undefined && equalBytes(to, sender))
    throw govError('delegate_self', 'Vote yourself instead of delegating to yourself.');
  const key = stakingKeys.govDelegate(sender);
  const listed = state.get(key) !== undefined;
  state.set(key, to === undefined ? undefined : to);
  if (to !== undefined && !listed) {
    const next = appendChunked(
      state,
      (c) => stakingKeys.redirectChunk(c),
      staking.redirectCount,
      sender,
    );
    const current = readStaking(state);
    if (current !== undefined) writeStakingState(state, { ...current, redirectCount: next });
  }
  ctx.rollsChanged.value = true;
}

/** Runs one governance message. */
export function runGovMessage(
  state: StateOverlay,
  ctx: GovTxContext,
  sender: Uint8Array,
  m: GovMessage,
): void {
  switch (m.type) {
    case 'gov.propose':
      propose(state, ctx, sender, m);
      return;
    case 'gov.deposit':
      deposit(state, ctx, sender, m);
      return;
    case 'gov.vote':
      vote(state, ctx, sender, m);
      return;
    case 'gov.delegate':
      delegate(state, ctx, sender, m);
      return;
  }
}

// The governance messages: propose (with a deposit), add to a deposit, vote, delegate. Each checks
// everything that depends on state and throws a typed error (the transaction's failure receipt,
// with every change reverted) before it changes anything; admission runs them on a scratch copy,
// so a message certain to fail is refused before it costs a fee.
import { decode, encode, enumOf, option, struct, text, u64, uint, vec } from '../../codec/index.ts';
import { addressCodec, formatAddress } from '../../crypto/index.ts';
import { equalBytes, toHex, utf8, type PolityError } from '../../lib/index.ts';
import { txBytesMax } from '../../types/index.ts';
import { transfer } from '../accounts.ts';
import { appendChunked } from '../chunkedList.ts';
import { executionErrors } from '../errors.ts';
import { defineMessage, type MessageContext } from '../module.ts';
import type { StateOverlay, StateReader } from '../overlay.ts';
import {
  readDelegations,
  readStaking,
  stakingErrors,
  writeVoteRedirect,
} from '../staking/index.ts';
import { mayStand } from './election.ts';
import { governanceErrors } from './errors.ts';
import { proposalEvent } from './events.ts';
import { rollsChanged } from './marks.ts';
import { checkGovernanceParams, effectivePolicy } from './policy.ts';
import { inChamber, operatedValidators } from './rolls.ts';
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
import {
  chamberCodec,
  choices,
  governanceLimits,
  kindOfAction,
  proposalActionCodec,
  type Chamber,
  type ProposalAction,
} from './types.ts';
import {
  captureCodec,
  governanceKeys,
  moduleAccounts,
  type GovernanceState,
  type GovProposal,
} from './state.ts';
import { checkBallotCandidates, checkProposal } from './validate.ts';

/** Gas of the governance messages. */
export const governanceGas = {
  propose: 50_000,
  perProposalByte: 20,
  deposit: 5_000,
  vote: 5_000,
  perCandidate: 200,
  delegate: 5_000,
} as const;

function requireGov(state: StateReader): GovernanceState {
  const gov = readGovState(state);
  if (gov === undefined) throw governanceErrors.governance_disabled();
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

function checkElection(
  state: StateReader,
  gov: GovernanceState,
  candidates: readonly Uint8Array[],
): PolityError | undefined {
  for (const c of candidates) {
    if (!isMember(state, c))
      return governanceErrors.candidate_not_member({ candidate: formatAddress(c) });
    const council = gov.council.map((s) => ({ ...s, holder: toHex(s.holder) }));
    if (!mayStand(toHex(c), council, gov.params.maintainerConsecutiveTermsMax))
      return governanceErrors.term_limit_reached({
        candidate: formatAddress(c),
        terms: gov.params.maintainerConsecutiveTermsMax,
      });
  }
  return undefined;
}

// Whether a proposal's action can be enacted as things stand at submission; enactment checks again.
function submissionProblem(
  state: StateReader,
  gov: GovernanceState,
  ctx: MessageContext,
  a: ProposalAction,
): PolityError | undefined {
  switch (a.type) {
    case 'rules.set':
      return checkGovernanceParams(a.params, gov);
    case 'member.admit':
      if (isMember(state, a.member))
        return governanceErrors.member_exists({ member: formatAddress(a.member) });
      return readMemberRoll(state).length >= governanceLimits.membersMax
        ? governanceErrors.members_full({ max: governanceLimits.membersMax })
        : undefined;
    case 'member.remove':
      return isMember(state, a.member)
        ? undefined
        : governanceErrors.member_unknown({ member: formatAddress(a.member) });
    case 'stake.assign':
      return gov.mode === 'consortium' ? undefined : governanceErrors.not_consortium();
    case 'election':
      return checkElection(state, gov, a.candidates);
    case 'emergency.pause':
      return ctx.pausable.has(a.module)
        ? undefined
        : governanceErrors.module_not_pausable({
            module: a.module,
            pausable: [...ctx.pausable].join(', '),
          });
    case 'emergency.ratify':
      return gov.pauses.some((p) => p.proposal === a.proposal && p.untilMs !== undefined)
        ? undefined
        : governanceErrors.pause_unknown({
            reason: `proposal ${a.proposal} did not pause anything that is still paused and unratified`,
          });
    case 'emergency.lift':
      return gov.pauses.some((p) => p.module === a.module)
        ? undefined
        : governanceErrors.pause_unknown({ reason: `the ${a.module} module is not paused` });
    case 'upgrade':
      return a.height <= ctx.height
        ? governanceErrors.upgrade_height_passed({ height: a.height, current: ctx.height })
        : undefined;
    case 'signal':
    case 'treasury.spend':
    case 'validators.update':
    case 'constitution.set':
    case 'irregular.transfer':
      return undefined;
  }
}

/** `gov.propose {title, text, deposit, action}`: submits a proposal with (part of) its deposit. */
export const proposeMessage = defineMessage({
  type: 'gov.propose',
  tag: 5,
  codec: struct({
    title: text(txBytesMax),
    text: text(txBytesMax),
    deposit: u64,
    action: proposalActionCodec,
  }),
  check: checkProposal,
  gas: (m) =>
    governanceGas.propose +
    governanceGas.perProposalByte * (utf8(m.title).length + utf8(m.text).length),
  spend: (m) => m.deposit,
  run(state, ctx, m) {
    const gov = requireGov(state);
    if (gov.active.length >= governanceLimits.activeProposalsMax)
      throw governanceErrors.proposals_full({ max: governanceLimits.activeProposalsMax });
    const problem = submissionProblem(state, gov, ctx, m.action);
    if (problem !== undefined) throw problem;
    const kind = kindOfAction(m.action);
    const below = chambersBelowFloor(state);
    const policy = effectivePolicy(gov.params, kind, {
      spend: m.action.type === 'treasury.spend' ? m.action.amount : 0n,
      belowFloor: gov.params.policies[kind].chambers.some((c) => below.has(c)),
    });
    if (m.deposit > 0n) transfer(state, ctx.sender, moduleAccounts.deposits, m.deposit);
    const open = m.deposit >= policy.depositMin;
    const id = gov.nextProposalId;
    const proposal: GovProposal = {
      id,
      proposer: ctx.sender,
      title: m.title,
      text: m.text,
      action: m.action,
      kind,
      policy,
      status: open ? 'voting' : 'deposit',
      deposit: m.deposit,
      depositors: m.deposit > 0n ? [{ depositor: ctx.sender, amount: m.deposit }] : [],
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
    return { events: [proposalEvent(proposal)] };
  },
});

/** `gov.deposit {proposal, amount}`: adds to the deposit of a proposal still collecting one. */
export const depositMessage = defineMessage({
  type: 'gov.deposit',
  tag: 6,
  codec: struct({ proposal: uint, amount: u64 }),
  check: (m, index) =>
    m.amount === 0n ? executionErrors.zero_amount({ index, what: 'a deposit' }) : undefined,
  gas: () => governanceGas.deposit,
  spend: (m) => m.amount,
  run(state, ctx, m) {
    requireGov(state);
    const p = readProposal(state, m.proposal);
    if (p.status !== 'deposit')
      throw governanceErrors.proposal_not_in_deposit({ id: p.id, status: p.status });
    const at = p.depositors.findIndex((d) => equalBytes(d.depositor, ctx.sender));
    if (at < 0 && p.depositors.length >= governanceLimits.depositorsMax)
      throw governanceErrors.depositors_full({ id: p.id, max: governanceLimits.depositorsMax });
    transfer(state, ctx.sender, moduleAccounts.deposits, m.amount);
    const depositors = p.depositors.slice();
    if (at < 0) depositors.push({ depositor: ctx.sender, amount: m.amount });
    else
      depositors[at] = { depositor: ctx.sender, amount: (depositors[at]?.amount ?? 0n) + m.amount };
    const total = p.deposit + m.amount;
    const open = total >= p.policy.depositMin;
    const next: GovProposal = {
      ...p,
      deposit: total,
      depositors,
      status: open ? 'voting' : 'deposit',
      votingEndMs: open ? ctx.timeMs + p.policy.votingPeriodMs : undefined,
    };
    writeProposal(state, next);
    return open ? { events: [proposalEvent(next)] } : undefined;
  },
});

// A public chain's stake chamber: an operator votes for its validators (their delegators follow);
// any other account votes with its own delegations, overriding its validators for this proposal,
// and is listed among the proposal's stake voters so the tally finds it.
function voteWithStake(
  state: StateOverlay,
  p: GovProposal,
  sender: Uint8Array,
  ballot: { readonly choice: (typeof choices)[number]; readonly candidates: readonly Uint8Array[] },
): boolean {
  const operated = operatedValidators(state, sender);
  if (operated.length > 0) {
    for (const v of operated) writeBallot(state, p.id, 'stake', v, ballot);
    return true;
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
  return false;
}

/** `gov.vote {proposal, chamber, choice, candidates}`: votes (again) in one chamber. */
export const voteMessage = defineMessage({
  type: 'gov.vote',
  tag: 7,
  codec: struct({
    proposal: uint,
    chamber: chamberCodec,
    choice: enumOf(choices),
    candidates: vec(addressCodec, governanceLimits.candidatesMax),
  }),
  check: (m, index) => checkBallotCandidates(m.candidates, index),
  gas: (m) => governanceGas.vote + governanceGas.perCandidate * m.candidates.length,
  run(state, ctx, m) {
    const gov = requireGov(state);
    const p = readProposal(state, m.proposal);
    if (p.status !== 'voting' || p.votingEndMs === undefined)
      throw governanceErrors.proposal_not_voting({ id: p.id, reason: `it is ${p.status}` });
    if (ctx.timeMs >= p.votingEndMs)
      throw governanceErrors.proposal_not_voting({
        id: p.id,
        reason: `voting ended at block time ${p.votingEndMs} ms; its tally comes with the next block`,
      });
    if (!p.policy.chambers.includes(m.chamber))
      throw governanceErrors.chamber_not_voting({
        chamber: m.chamber,
        kind: p.kind,
        chambers: p.policy.chambers.join(', '),
      });
    if (!inChamber(state, gov, m.chamber, ctx.validators, ctx.sender))
      throw governanceErrors.not_in_chamber({ chamber: m.chamber, what: 'vote' });
    if (p.action.type === 'election') {
      const standing = new Set(p.action.candidates.map(toHex));
      if (m.candidates.some((c) => !standing.has(toHex(c))))
        throw governanceErrors.candidate_unknown({ id: p.id });
    } else if (m.candidates.length > 0) {
      throw governanceErrors.not_an_election({ id: p.id });
    }
    const ballot = { choice: m.choice, candidates: m.candidates };
    const byOperator =
      m.chamber === 'stake' &&
      gov.mode === 'public' &&
      readStaking(state) !== undefined &&
      voteWithStake(state, p, ctx.sender, ballot);
    if (!byOperator) writeBallot(state, p.id, m.chamber, ctx.sender, ballot);
    return undefined;
  },
});

// A delegator's stake-chamber vote follows `to` instead of its validators (or its validators
// again when `to` is absent). Operators vote for their validators and cannot redirect.
function delegateStake(state: StateOverlay, sender: Uint8Array, to: Uint8Array | undefined): void {
  if (readStaking(state) === undefined) throw stakingErrors.staking_disabled();
  if (operatedValidators(state, sender).length > 0)
    throw governanceErrors.operator_cannot_redirect();
  if (readDelegations(state, sender).length === 0)
    throw governanceErrors.not_in_chamber({ chamber: 'stake', what: 'delegate a vote' });
  if (to !== undefined && equalBytes(to, sender))
    throw governanceErrors.delegate_self({ hint: 'vote yourself instead' });
  writeVoteRedirect(state, sender, to);
}

/** `gov.delegate {chamber, to}`: whom the sender's vote follows when it does not vote itself. */
export const delegateMessage = defineMessage({
  type: 'gov.delegate',
  tag: 8,
  codec: struct({ chamber: chamberCodec, to: option(addressCodec) }),
  gas: () => governanceGas.delegate,
  run(state, ctx, m) {
    const gov = requireGov(state);
    if (m.chamber === 'stake' && gov.mode === 'public') {
      delegateStake(state, ctx.sender, m.to);
      return { marks: [rollsChanged] };
    }
    if (m.chamber !== 'members')
      throw governanceErrors.delegation_unsupported({ chamber: m.chamber });
    if (!isMember(state, ctx.sender))
      throw governanceErrors.not_in_chamber({ chamber: 'members', what: 'delegate a vote' });
    if (m.to !== undefined) {
      if (equalBytes(m.to, ctx.sender))
        throw governanceErrors.delegate_self({ hint: 'clear the delegation instead' });
      if (!isMember(state, m.to)) throw governanceErrors.delegate_not_member();
    }
    writeMemberDelegate(state, ctx.sender, m.to);
    return { marks: [rollsChanged] };
  },
});

// A proposal's count: each chamber's roll and ballots through the pure tally (with delegation and
// the per-entity cap), the verdict against the policy and the adaptive quorums, or an election's
// seats. It reads only: the end of the block records it, and the API shows it live while voting.
import { formatAddress } from '../../crypto/index.ts';
import { toHex } from '../../lib/index.ts';
import type { Validator } from '../../types/index.ts';
import type { StateReader } from '../overlay.ts';
import { electedSeats, electionCount } from './election.ts';
import { chamberQuorums, nextTurnoutAverage } from './quorum.ts';
import { chamberRoll } from './rolls.ts';
import { readBallot } from './store.ts';
import { tallyChamber, shareBps, meets } from './tally.ts';
import type { Chamber } from './types.ts';
import type { ChamberResult, GovernanceState, GovProposal } from './state.ts';
import { proposalVerdict } from './verdict.ts';

/** A proposal's count as it stands: what the tally would decide if voting ended now. */
export interface ProposalCount {
  readonly outcome: 'passed' | 'rejected' | 'vetoed';
  readonly results: readonly ChamberResult[];
  readonly elected: readonly Uint8Array[];
  readonly note: string;
  /** The chambers' turnout averages once this tally is taken into account. */
  readonly turnoutAverageBps: GovernanceState['turnoutAverageBps'];
}

// Why a chamber with quorum did not approve: too few distinct parties voted yes.
function entitiesShort(yesEntities: number, needed: number): string {
  return `${yesEntities} ${yesEntities === 1 ? 'entity' : 'entities'} voted yes, ${needed} distinct entities needed`;
}

/** Counts `p`'s votes over `state` (reads only). */
export function countProposal(
  state: StateReader,
  gov: GovernanceState,
  p: GovProposal,
  validators: readonly Validator[],
): ProposalCount {
  const ctx = { validators };
  const quorums = chamberQuorums(gov);
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
    const count = electionCount(roll.voters, ballots, p.action.candidates.map(toHex), cap);
    // Turnout and quorum count the weight of everyone who cast a ballot (directly or delegated).
    const cast = tallyChamber(
      roll.voters,
      new Map([...ballots.keys()].map((id) => [id, 'yes' as const])),
      cap,
    );
    const castWeight = cast.yes;
    const quorumMet =
      castWeight > 0n && meets(castWeight, cast.eligible, { bps: quorums.members, strict: false });
    const enoughEntities = count.yesEntities >= p.policy.yesEntitiesMin;
    const winners =
      quorumMet && enoughEntities
        ? electedSeats(count.counts, gov.params.maintainerSeats, count.backers)
        : [];
    const byId = new Map(p.action.candidates.map((c) => [toHex(c), c]));
    elected = winners.flatMap((w) => byId.get(w) ?? []);
    outcome = winners.length > 0 ? 'passed' : 'rejected';
    note =
      winners.length > 0
        ? `elected: ${elected.map((c) => `${formatAddress(c)} (${count.counts.get(toHex(c)) ?? 0n})`).join(', ')}`
        : !quorumMet
          ? 'no quorum or no votes: the council is unchanged'
          : `members: ${entitiesShort(count.yesEntities, p.policy.yesEntitiesMin)}: the council is unchanged`;
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
      yesEntities: count.yesEntities,
      own: cast.own,
      delegated: cast.delegated,
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
    const short: string[] = [];
    for (const c of verdict.chambers) {
      const t = tallies[c.chamber];
      if (t === undefined) continue;
      turnout[c.chamber] = nextTurnoutAverage(turnout[c.chamber], c.turnoutBps);
      if (c.quorumMet && !c.vetoed && !c.enoughEntities)
        short.push(`${c.chamber}: ${entitiesShort(t.yesEntities, p.policy.yesEntitiesMin)}`);
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
        yesEntities: t.yesEntities,
        own: t.own,
        delegated: t.delegated,
      });
    }
    if (outcome === 'rejected' && short.length > 0) note = short.join('; ');
  }
  return { outcome, results, elected, note, turnoutAverageBps: turnout };
}

// Governance's errors: each is a failed receipt's code (or a refusal at admission), a failed
// enactment's outcome, or an API answer, and says what to do.
import { defineErrors } from '../../lib/index.ts';

/** Governance's declared codes (docs/spec/errors.md). */
export const governanceErrors = defineErrors('governance', {
  governance_disabled: {
    kind: 'not_found',
    message:
      'This chain has no governance section in its genesis, so there are no proposals, votes or chambers here.',
  },
  proposal_not_found: {
    kind: 'not_found',
    message:
      'There is no proposal {id}. List proposals with `polity gov list` (GET /v1/governance/proposals).',
  },
  proposals_full: {
    kind: 'invalid',
    message: '{max} proposals are open already; wait until one ends.',
  },
  proposal_not_in_deposit: {
    kind: 'invalid',
    message: 'Proposal {id} is {status}; deposits are taken only before voting opens.',
  },
  depositors_full: {
    kind: 'invalid',
    message: 'Proposal {id} has {max} depositors already; ask one of them to add to theirs.',
  },
  proposal_not_voting: {
    kind: 'invalid',
    message: 'Proposal {id} is not open for votes: {reason}.',
  },
  chamber_not_voting: {
    kind: 'invalid',
    message:
      'The {chamber} chamber does not vote on {kind} proposals; it is decided by {chambers}.',
  },
  not_in_chamber: {
    kind: 'invalid',
    message: 'This account does not sit in the {chamber} chamber, so it cannot {what} there.',
  },
  candidate_unknown: {
    kind: 'invalid',
    message: 'A named candidate is not standing in election {id}.',
  },
  not_an_election: {
    kind: 'invalid',
    message: 'Proposal {id} is not an election; vote without candidates.',
  },
  delegation_unsupported: {
    kind: 'invalid',
    message:
      'Votes in the {chamber} chamber cannot be delegated with gov.delegate; members delegate to members, and on public chains delegators choose whom their stake follows.',
  },
  delegate_self: {
    kind: 'invalid',
    message: 'An account cannot delegate its vote to itself; {hint}.',
  },
  delegate_not_member: {
    kind: 'invalid',
    message: 'Delegate to another member of the chamber.',
  },
  operator_cannot_redirect: {
    kind: 'invalid',
    message:
      'An operator votes for its validators; its delegators may choose whom they follow, it cannot.',
  },
  member_exists: { kind: 'invalid', message: 'The account {member} is already a member.' },
  members_full: {
    kind: 'invalid',
    message: 'The members chamber holds at most {max}; remove one first.',
  },
  member_unknown: {
    kind: 'invalid',
    message: 'The account {member} is not a member; there is nothing to remove.',
  },
  not_consortium: {
    kind: 'invalid',
    message:
      'Stake holders are assigned by proposal only on consortium chains; on a public chain stake is bonded.',
  },
  candidate_not_member: {
    kind: 'invalid',
    message:
      "Candidate {candidate} is not a member; only members may stand for the maintainers' council.",
  },
  term_limit_reached: {
    kind: 'invalid',
    message:
      'Candidate {candidate} has served {terms} consecutive terms and must sit the next one out.',
  },
  pause_unknown: {
    kind: 'invalid',
    message: 'There is no such pause: {reason}.',
  },
  module_not_pausable: {
    kind: 'invalid',
    message:
      'An emergency pause can stop one of these modules: {pausable}; "{module}" is not one of them (governance and staking are never paused, so that nobody can block an exit).',
  },
  upgrade_height_passed: {
    kind: 'invalid',
    message: 'Height {height} has passed (this block is {current}); name a later height.',
  },
  upgrade_required: {
    kind: 'unavailable',
    exit: 'upgradeRequired',
    message:
      'The chain runs upgrade "{name}" from height {height}: this build cannot execute it. Stop this node and start polity {version} (or later) on the same home; it continues from here.',
  },
  governance_invariant: {
    kind: 'invalid',
    message:
      'These governance parameters break an invariant: {rule}. Invariants hold whatever the parameters (docs/spec/governance.md); change the proposal so that it keeps them.',
  },
  invalid_governance_params: {
    kind: 'invalid',
    message: 'Governance parameter {path} {what}. See docs/spec/governance.md for each field.',
  },
  proposal_title_invalid: {
    kind: 'invalid',
    message: 'Message {index}: a proposal title is 1 to {max} bytes; got {size}.',
  },
  proposal_text_too_long: {
    kind: 'invalid',
    message:
      'Message {index}: a proposal text is at most {max} bytes; got {size}. Link to a longer document and put its hash in the text.',
  },
  entity_invalid: {
    kind: 'invalid',
    message: 'Message {index}: a stake holder names its entity (organisation).',
  },
  candidates_empty: {
    kind: 'invalid',
    message: 'Message {index}: an election names at least one candidate.',
  },
  candidate_duplicate: {
    kind: 'invalid',
    message: 'Message {index}: {what} names each candidate once.',
  },
  upgrade_invalid: {
    kind: 'invalid',
    message: 'Message {index}: {problem}.',
  },
  moves_empty: {
    kind: 'invalid',
    message: 'Message {index}: an irregular transfer lists at least one move.',
  },
});

// Stateless checks of governance messages: bounded texts, well-formed actions, unique candidates.
// Whether the sender may vote, whether the proposal exists and is open, and whether new rules keep
// the invariants depend on state: the messages' handlers check those (and admission runs them).
import { toHex, utf8, type PolityError } from '../../lib/index.ts';
import { executionErrors } from '../errors.ts';
import { checkValidatorUpdates } from '../validatorSet.ts';
import { governanceErrors } from './errors.ts';
import { governanceLimits, type ProposalAction } from './types.ts';

function unique(addresses: readonly Uint8Array[]): boolean {
  return new Set(addresses.map(toHex)).size === addresses.length;
}

function checkAction(action: ProposalAction, index: number): PolityError | undefined {
  switch (action.type) {
    case 'treasury.spend':
      return action.amount === 0n
        ? executionErrors.zero_amount({ index, what: 'a treasury spend' })
        : undefined;
    case 'stake.assign':
      return utf8(action.entity).length === 0
        ? governanceErrors.entity_invalid({ index })
        : undefined;
    case 'validators.update':
      return checkValidatorUpdates(action.updates, index);
    case 'election':
      if (action.candidates.length === 0) return governanceErrors.candidates_empty({ index });
      return unique(action.candidates)
        ? undefined
        : governanceErrors.candidate_duplicate({ index, what: 'an election' });
    case 'upgrade':
      if (action.name.length === 0 || action.version.length === 0)
        return governanceErrors.upgrade_invalid({
          index,
          problem: 'an upgrade names itself and the version to run',
        });
      return action.height < 1
        ? governanceErrors.upgrade_invalid({ index, problem: 'an upgrade height is at least 1' })
        : undefined;
    case 'irregular.transfer':
      if (action.moves.length === 0) return governanceErrors.moves_empty({ index });
      return action.moves.some((m) => m.amount === 0n)
        ? executionErrors.zero_amount({ index, what: 'every irregular move' })
        : undefined;
    case 'signal':
    case 'member.admit':
    case 'member.remove':
    case 'rules.set':
    case 'constitution.set':
    case 'emergency.pause':
    case 'emergency.ratify':
    case 'emergency.lift':
      return undefined;
  }
}

/** The first problem of a proposal's title, text and action, or undefined. */
export function checkProposal(
  m: { readonly title: string; readonly text: string; readonly action: ProposalAction },
  index: number,
): PolityError | undefined {
  const title = utf8(m.title).length;
  if (title === 0 || title > governanceLimits.titleBytesMax)
    return governanceErrors.proposal_title_invalid({
      index,
      max: governanceLimits.titleBytesMax,
      size: title,
    });
  const text = utf8(m.text).length;
  if (text > governanceLimits.textBytesMax)
    return governanceErrors.proposal_text_too_long({
      index,
      max: governanceLimits.textBytesMax,
      size: text,
    });
  return checkAction(m.action, index);
}

/** The first problem of a ballot's candidates, or undefined. */
export function checkBallotCandidates(
  candidates: readonly Uint8Array[],
  index: number,
): PolityError | undefined {
  return unique(candidates)
    ? undefined
    : governanceErrors.candidate_duplicate({ index, what: 'a ballot' });
}

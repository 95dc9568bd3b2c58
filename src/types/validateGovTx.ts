// Stateless checks of governance messages: bounded texts, well-formed actions, unique candidates.
// Whether the sender may vote, whether the proposal exists and is open, and whether new rules keep
// the invariants depend on state and belong to execution.
import { polityError, toHex, utf8, type PolityError } from '../lib/index.ts';
import { governanceLimits, type ProposalAction } from './governance.ts';
import type { Message } from './tx.ts';
import type { ValidatorUpdate } from './validator.ts';

type GovMessage = Extract<Message, { type: `gov.${string}` }>;

function invalid(code: string, index: number, what: string): PolityError {
  return polityError(code, 'invalid', `Message ${index}: ${what}`);
}

function unique(addresses: readonly Uint8Array[]): boolean {
  return new Set(addresses.map(toHex)).size === addresses.length;
}

function checkAction(
  action: ProposalAction,
  index: number,
  checkUpdates: (updates: readonly ValidatorUpdate[], index: number) => PolityError | undefined,
): PolityError | undefined {
  switch (action.type) {
    case 'treasury.spend':
      return action.amount === 0n
        ? invalid('zero_amount', index, 'a treasury spend must move a positive amount.')
        : undefined;
    case 'stake.assign': {
      const bytes = utf8(action.entity).length;
      return bytes === 0
        ? invalid('entity_invalid', index, 'a stake holder names its entity (organisation).')
        : undefined;
    }
    case 'validators.update':
      return checkUpdates(action.updates, index);
    case 'election':
      if (action.candidates.length === 0)
        return invalid('candidates_empty', index, 'an election names at least one candidate.');
      return unique(action.candidates)
        ? undefined
        : invalid('candidate_duplicate', index, 'an election names each candidate once.');
    case 'upgrade':
      if (action.name.length === 0 || action.version.length === 0)
        return invalid('upgrade_invalid', index, 'an upgrade names itself and the version to run.');
      return action.height < 1
        ? invalid('upgrade_invalid', index, 'an upgrade height is at least 1.')
        : undefined;
    case 'irregular.transfer':
      if (action.moves.length === 0)
        return invalid('moves_empty', index, 'an irregular transfer lists at least one move.');
      return action.moves.some((m) => m.amount === 0n)
        ? invalid('zero_amount', index, 'every irregular move is a positive amount.')
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

/** The first problem of a governance message, or undefined. */
export function checkGovMessage(
  m: GovMessage,
  index: number,
  checkUpdates: (updates: readonly ValidatorUpdate[], index: number) => PolityError | undefined,
): PolityError | undefined {
  switch (m.type) {
    case 'gov.propose': {
      const title = utf8(m.title).length;
      if (title === 0 || title > governanceLimits.titleBytesMax)
        return invalid(
          'proposal_title_invalid',
          index,
          `a proposal title is 1 to ${governanceLimits.titleBytesMax} bytes; got ${title}.`,
        );
      const text = utf8(m.text).length;
      if (text > governanceLimits.textBytesMax)
        return invalid(
          'proposal_text_too_long',
          index,
          `a proposal text is at most ${governanceLimits.textBytesMax} bytes; got ${text}. Link to a longer document and put its hash in the text.`,
        );
      return checkAction(m.action, index, checkUpdates);
    }
    case 'gov.deposit':
      return m.amount === 0n
        ? invalid('zero_amount', index, 'a deposit must be a positive amount.')
        : undefined;
    case 'gov.vote':
      return unique(m.candidates)
        ? undefined
        : invalid('candidate_duplicate', index, 'a ballot names each candidate once.');
    case 'gov.delegate':
      return undefined;
  }
}

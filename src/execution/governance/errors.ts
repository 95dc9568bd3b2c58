// Governance's typed errors: each becomes a failure receipt's code, and says what to do.
import { polityError, type PolityError } from '../../lib/index.ts';

/** A governance failure. */
export function govError(code: string, message: string): PolityError {
  return polityError(code, code.endsWith('_not_found') ? 'not_found' : 'invalid', message);
}

/** The chain was created without governance. */
export function governanceDisabled(): PolityError {
  return govError(
    'governance_disabled',
    'This chain has no governance section in its genesis, so proposals and votes are not possible here.',
  );
}

/** No proposal with this id. */
export function proposalNotFound(id: number): PolityError {
  return govError(
    'proposal_not_found',
    `There is no proposal ${id}. List proposals with \`polity gov list\`.`,
  );
}

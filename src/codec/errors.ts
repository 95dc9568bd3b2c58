// The one error every decoder raises, so callers can reject malformed bytes uniformly.
import { polityError, type PolityError } from '../lib/index.ts';

/** A malformed-bytes error: truncated input, a value out of range, a bad tag, or trailing bytes. */
export function malformed(what: string): PolityError {
  return polityError(
    'malformed_bytes',
    'invalid',
    `Malformed encoding: ${what}. Re-encode the object with the canonical codec (docs/spec/encoding.md).`,
  );
}

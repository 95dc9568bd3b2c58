// Key names become file names under <home>/keys, so they are restricted to a safe, portable
// alphabet: no path separators, no dots (no "..", no hidden files), no case ambiguity.
import { polityError } from '../../lib/index.ts';

/** What a key name may look like. */
export const keyNamePattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Throws `invalid_key_name` unless `name` matches {@link keyNamePattern}. */
export function validateKeyName(name: string): string {
  if (!keyNamePattern.test(name)) {
    throw polityError(
      'invalid_key_name',
      'invalid',
      `"${name.slice(0, 80)}" is not a valid key name: use 1–64 characters of a-z, 0-9, "_" and "-", starting with a letter or digit.`,
    );
  }
  return name;
}

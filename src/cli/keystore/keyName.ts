// Key names become file names under <home>/keys, so they are restricted to a safe, portable
// alphabet: no path separators, no dots (no "..", no hidden files), no case ambiguity.
import { keystoreErrors } from './errors.ts';

/** What a key name may look like. */
export const keyNamePattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Throws `invalid_key_name` unless `name` matches {@link keyNamePattern}. */
export function validateKeyName(name: string): string {
  if (!keyNamePattern.test(name)) {
    throw keystoreErrors.invalid_key_name({ name: name.slice(0, 80) });
  }
  return name;
}

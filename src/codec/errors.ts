// The codec's errors: malformed bytes on decoding (truncated input, a bad tag, a bound crossed,
// trailing bytes) and values that cannot be encoded.
import { defineErrors, type PolityError } from '../lib/index.ts';

/** The codec's declared codes (docs/spec/errors.md). */
export const codecErrors = defineErrors('codec', {
  malformed_bytes: {
    kind: 'invalid',
    message:
      'Malformed encoding: {what}. Re-encode the object with the canonical codec (docs/spec/encoding.md).',
  },
  value_out_of_range: { kind: 'invalid', message: 'Cannot encode: {what}.' },
});

/** A malformed-bytes error, the one every decoder raises so callers reject malformed bytes uniformly. */
export function malformed(what: string): PolityError {
  return codecErrors.malformed_bytes({ what });
}

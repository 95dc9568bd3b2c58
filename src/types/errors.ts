// The errors of the chain's own data types.
import { defineErrors } from '../lib/index.ts';

/** The types' declared codes (docs/spec/errors.md). */
export const typesErrors = defineErrors('types', {
  block_too_large: {
    kind: 'too_large',
    message: 'A block is at most {max} bytes; this one is {size}.',
  },
});

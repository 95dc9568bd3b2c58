// Consensus's errors: a message from a peer over the bound of any honest message.
import { defineErrors } from '../lib/index.ts';

/** Consensus's declared codes (docs/spec/errors.md). */
export const consensusErrors = defineErrors('consensus', {
  message_too_large: {
    kind: 'too_large',
    message: 'A consensus message is at most {bytesMax} bytes.',
  },
});

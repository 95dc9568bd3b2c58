// The mempool's errors: a full pool, which clients retry once a block has made room.
import { defineErrors } from '../lib/index.ts';

/** The mempool's declared codes (docs/spec/errors.md). */
export const mempoolErrors = defineErrors('mempool', {
  mempool_full: {
    kind: 'unavailable',
    message:
      'The mempool is full ({txsMax} transactions or {bytesMax} bytes). Retry after the next block.',
  },
});

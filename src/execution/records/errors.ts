// The records module's errors.
import { defineErrors } from '../../lib/index.ts';

/** The records module's declared codes (docs/spec/errors.md). */
export const recordsErrors = defineErrors('records', {
  record_not_found: {
    kind: 'not_found',
    message: 'No record "{key}" exists under the sender\'s namespace.',
  },
  record_key_invalid: {
    kind: 'invalid',
    message:
      'Message {index}: the record key {problem}. A key is 1 to {max} bytes of UTF-8 in NFC, without control characters, and its "/"-separated segments are neither empty, "." nor "..".',
  },
  record_too_large: {
    kind: 'too_large',
    message:
      'Message {index}: a record value is at most {max} bytes; got {size}. Store the data elsewhere and record its hash.',
  },
  content_type_too_long: {
    kind: 'invalid',
    message: 'Message {index}: a content type is at most {max} bytes.',
  },
});

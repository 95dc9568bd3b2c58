// The authenticated state's errors: keys and values over their bounds, bad commits, versions
// that are not stored, proofs that are not canonical, and storage that lost a tree node.
import { defineErrors } from '../lib/index.ts';

/** The state's declared codes (docs/spec/errors.md). */
export const stateErrors = defineErrors('state', {
  state_bad_option: { kind: 'invalid', message: 'nodeCacheMax must be an integer >= 2' },
  state_key_too_large: {
    kind: 'too_large',
    message: 'state keys are at most {bytesMax} bytes (this one has {lengthBytes})',
  },
  state_value_too_large: {
    kind: 'too_large',
    message: 'state values are at most {bytesMax} bytes (this one has {lengthBytes})',
  },
  state_bad_key: { kind: 'invalid', message: 'change keys must be hex strings (got "{key}")' },
  state_duplicate_key: {
    kind: 'invalid',
    message: 'a key appears twice in one commit (hex case?)',
  },
  state_version_unknown: { kind: 'not_found', message: 'State version {version} is not stored.' },
  state_node_missing: {
    kind: 'internal',
    message: 'a tree node is missing from storage (hash {hash})',
  },
  malformed_proof: { kind: 'invalid', message: 'malformed state proof: {what}' },
});

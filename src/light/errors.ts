// The light client's errors: a served block that is inconsistent, a header the trusted validators
// do not vouch for, trust that expired, and a state proof that does not match a verified header.
// Every one is a failed verification, so the CLI exits with the proof-failure code for all of them.
import { defineErrors } from '../lib/index.ts';

/** The light client's declared codes (docs/spec/errors.md). */
export const lightErrors = defineErrors('light', {
  light_chain_mismatch: {
    kind: 'invalid',
    exit: 'proofInvalid',
    message: 'The header is of chain "{chainId}", not "{expected}".',
  },
  light_validators_mismatch: {
    kind: 'invalid',
    exit: 'proofInvalid',
    message: 'The {set} for height {height} is not the one {namedBy} names.',
  },
  light_commit_mismatch: {
    kind: 'invalid',
    exit: 'proofInvalid',
    message: 'The commit served for height {height} is for another block.',
  },
  light_commit_insufficient: {
    kind: 'invalid',
    exit: 'proofInvalid',
    message: 'Height {height} is not signed by +2/3 of its validators ({reason}).',
  },
  light_trust_expired: {
    kind: 'invalid',
    exit: 'proofInvalid',
    message:
      'The trusted header (height {height}) is older than the trusting period; start again from a recent trusted header.',
  },
  light_header_from_future: {
    kind: 'invalid',
    exit: 'proofInvalid',
    message: 'Header {height} is dated in the future; check the clock.',
  },
  light_not_ahead: {
    kind: 'invalid',
    exit: 'proofInvalid',
    message: 'Height {height} is not after the trusted height {trustedHeight}.',
  },
  light_time_not_increasing: {
    kind: 'invalid',
    exit: 'proofInvalid',
    message: 'Header {height} is not later than the trusted header.',
  },
  light_not_adjacent: {
    kind: 'invalid',
    exit: 'proofInvalid',
    message:
      'Adjacent verification needs the height right after the trusted one ({expected}), not {height}.',
  },
  light_header_mismatch: {
    kind: 'invalid',
    exit: 'proofInvalid',
    message: 'Header {height} does not link to the trusted header.',
  },
  light_trust_insufficient: {
    kind: 'invalid',
    exit: 'proofInvalid',
    message:
      'Validators trusted at height {trustedHeight} hold only {signed} of {total} power in the commit of height {height}; bisect.',
  },
  light_too_many_fetches: {
    kind: 'unavailable',
    exit: 'proofInvalid',
    message: 'Verification needed more than {fetchesMax} blocks; trust a more recent header.',
  },
  light_proof_invalid: {
    kind: 'invalid',
    exit: 'proofInvalid',
    message: 'The state proof does not lead to the state root of verified block {height}.',
  },
});

// Crypto's errors: keys, signatures and addresses that cannot be what they claim.
import { defineErrors } from '../lib/index.ts';

/** Crypto's declared codes (docs/spec/errors.md). */
export const cryptoErrors = defineErrors('crypto', {
  unknown_scheme: {
    kind: 'invalid',
    message: 'Unknown signature scheme tag {tag}; this node knows ed25519 (1).',
  },
  invalid_address: {
    kind: 'invalid',
    message:
      '"{text}" is not a Polity address: expected bech32m text starting with "{prefix}1" (check for typos; the checksum did not match).',
  },
  invalid_secret_key: {
    kind: 'invalid',
    exit: 'keystore',
    message: 'An {scheme} secret key is {sizeBytes} bytes ({hexChars} hex characters).',
  },
});

// The keystore's declared codes: names, files, passwords and confirmations. Every one exits with
// the keystore code (7) unless it is a usage mistake the user fixes on the command line.
import { defineErrors } from '../../lib/index.ts';

/** The keystore's declared codes (docs/spec/errors.md). */
export const keystoreErrors = defineErrors('keystore', {
  invalid_key_name: {
    kind: 'invalid',
    message:
      '"{name}" is not a valid key name: use 1–64 characters of a-z, 0-9, "_" and "-", starting with a letter or digit.',
  },
  key_not_found: {
    kind: 'not_found',
    exit: 'keystore',
    message:
      'No key named "{name}" in {dir}. List keys with `polity keys list` or add one with `polity keys add {name}`.',
  },
  key_exists: {
    kind: 'conflict',
    exit: 'keystore',
    message:
      'A key named "{name}" already exists in {dir}. Choose another name or delete it first.',
  },
  keystore_corrupt: {
    kind: 'invalid',
    exit: 'keystore',
    message: '{file} is damaged ({what}). Restore it from a backup.',
  },
  keystore_version: {
    kind: 'invalid',
    exit: 'keystore',
    message:
      'The key file {path} has format version {version}; this CLI reads version {supported}. Upgrade polity.',
  },
  keystore_unreadable: {
    kind: 'internal',
    exit: 'keystore',
    message: 'Cannot read {path}: {problem}.',
  },
  wrong_password: {
    kind: 'unauthorized',
    exit: 'keystore',
    message: 'Cannot unlock the key: the password is wrong or the key file was modified.',
  },
  password_required: {
    kind: 'unauthorized',
    exit: 'keystore',
    message:
      'Key "{name}" needs a password: pass --password-file <path>, set POLITY_KEYRING_PASSWORD, or run in a terminal.',
  },
  password_mismatch: {
    kind: 'invalid',
    exit: 'keystore',
    message: 'The two passwords differ; nothing was saved.',
  },
  password_empty: {
    kind: 'invalid',
    exit: 'keystore',
    message: 'An empty password does not protect the key; choose one.',
  },
  password_too_long: { kind: 'invalid', message: 'A password is at most {max} characters.' },
  password_file_unreadable: {
    kind: 'invalid',
    message: 'Cannot read the password file {path}.',
  },
  cancelled: { kind: 'invalid', exit: 'keystore', message: 'Cancelled.' },
  invalid_backend: {
    kind: 'invalid',
    message:
      'Unknown keystore backend "{value}": use "encrypted" (default) or "test" (unencrypted, dev chains only).',
  },
  unsafe_flag_required: {
    kind: 'invalid',
    message: 'Exporting prints the secret in the clear; pass --unsafe-print-secret to confirm.',
  },
  confirmation_required: {
    kind: 'invalid',
    message: 'Deleting "{name}" cannot be undone; pass --yes to confirm.',
  },
});

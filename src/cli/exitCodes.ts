// Exit codes are part of the CLI's interface (scripts branch on them), so each has one meaning and
// errors map to them by stable error code, never by message text.
import { isPolityError } from '../lib/index.ts';

/** Every exit code the CLI uses. */
export const exitCodes = {
  ok: 0,
  failure: 1,
  usage: 2,
  nodeUnreachable: 3,
  rejected: 4,
  notFound: 5,
  proofInvalid: 6,
  keystore: 7,
  upgradeRequired: 8,
} as const;

/** The exit-code table shown at the end of every `--help`. */
export const exitCodeHelp = `Exit codes:
  0  ok
  1  generic failure
  2  usage error (bad flag or argument)
  3  node unreachable
  4  rejected by the node (tx rejected, or committed with a failed receipt)
  5  not found
  6  proof verification failed
  7  key or keystore error (wrong password, missing key)
  8  the chain reached an upgrade this build cannot run (start the version it names)`;

const keystoreCodes = new Set([
  'wrong_password',
  'password_required',
  'password_mismatch',
  'password_empty',
  'key_not_found',
  'key_exists',
  'keystore_corrupt',
  'keystore_version',
  'keystore_unreadable',
  'invalid_secret_key',
  'cancelled',
]);

/** The exit code for anything thrown by a command. */
export function exitCodeOf(error: unknown): number {
  if (!isPolityError(error)) return exitCodes.failure;
  // A command that already knows the exit code (a rejected tx keeps the node's error code) says so.
  const explicit = error.details?.['exitCode'];
  if (typeof explicit === 'number') return explicit;
  if (error.code === 'node_unreachable') return exitCodes.nodeUnreachable;
  if (error.code === 'upgrade_required') return exitCodes.upgradeRequired;
  if (error.code === 'tx_rejected' || error.code === 'tx_failed') return exitCodes.rejected;
  if (error.code.startsWith('proof_') || error.code.startsWith('light_'))
    return exitCodes.proofInvalid;
  if (keystoreCodes.has(error.code)) return exitCodes.keystore;
  if (error.kind === 'not_found') return exitCodes.notFound;
  if (error.kind === 'invalid' || error.kind === 'too_large') return exitCodes.usage;
  return exitCodes.failure;
}

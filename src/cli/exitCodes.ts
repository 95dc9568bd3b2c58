// Exit codes are part of the CLI's interface (scripts branch on them), so each has one meaning and
// errors map to them by their declared code (docs/spec/errors.md), never by message text.
import { errorSpecOf, exitClassOfKind, exitCodes, isPolityError } from '../lib/index.ts';

export { exitCodes } from '../lib/index.ts';

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

/** The exit code for anything thrown by a command. */
export function exitCodeOf(error: unknown): number {
  if (!isPolityError(error)) return exitCodes.failure;
  // A command that already knows the exit code (a rejected tx keeps the node's error code) says so.
  const explicit = error.details?.['exitCode'];
  if (typeof explicit === 'number') return explicit;
  // Codes received from a node that this build does not declare exit by their kind.
  return exitCodes[errorSpecOf(error.code)?.exit ?? exitClassOfKind(error.kind)];
}

// Shared by the CLI tests: an in-memory CliIo that captures stdout and stderr. (A .test.ts name so
// it is never part of the shipped CLI; it has no tests of its own.)
import { Readable } from 'node:stream';
import type { CliIo } from './io.ts';
import { runCli } from './main.ts';

/** The outcome of one in-process CLI run. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output, `env` as its environment and `stdin` as input. */
export async function runCapture(
  argv: readonly string[],
  env: Record<string, string> = {},
  stdin = '',
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    stdin: Readable.from([stdin]),
    env,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

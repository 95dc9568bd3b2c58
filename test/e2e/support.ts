// Real processes for end-to-end tests: the built `polity` binary started on 127.0.0.1, and the CLI
// run as a user would run it. Every wait is bounded; a test fails rather than hangs.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The `polity` executable of this checkout (it runs the built dist/). */
export const polityBin = join(import.meta.dirname, '..', '..', 'bin', 'polity.js');

/** A running `polity dev` (or `polity start`) process. */
export interface NodeProcess {
  readonly child: ChildProcess;
  readonly apiUrl: string;
  readonly home: string;
  /** Everything the process printed on stderr (logs), for failure messages. */
  logs(): string;
  /** SIGKILL, no cleanup: what a crash looks like. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<number | null>;
}

/** Starts `polity dev --home HOME --keep --port 0 --json` and waits for its endpoint line. */
export async function startDev(
  home: string,
  extraArgs: readonly string[] = [],
): Promise<NodeProcess> {
  const child = spawn(
    process.execPath,
    [
      polityBin,
      'dev',
      '--home',
      home,
      '--keep',
      '--port',
      '0',
      '--json',
      '--log-level',
      'warn',
      ...extraArgs,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, POLITY_HOME: home },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const apiUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`polity dev did not print its endpoints within 30 s; stderr:\n${stderr}`));
    }, 30_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line === undefined) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { apiUrl: string }).apiUrl);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`polity dev exited with ${code}; stderr:\n${stderr}`));
    });
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      resolve(code);
    }),
  );
  return {
    child,
    apiUrl,
    home,
    logs: () => stderr,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Result of one CLI run. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `polity ARGS` with POLITY_HOME and POLITY_NODE set, bounded to 30 s. */
export function cli(
  args: readonly string[],
  env: { readonly home: string; readonly node: string },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [polityBin, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, POLITY_HOME: env.home, POLITY_NODE: env.node },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`polity ${args.join(' ')} did not finish within 30 s`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs a CLI command with --json that must succeed, and parses its output. */
export async function cliJson<T>(
  args: readonly string[],
  env: { readonly home: string; readonly node: string },
): Promise<T> {
  const result = await cli([...args, '--json'], env);
  if (result.code !== 0) {
    throw new Error(
      `polity ${args.join(' ')} exited ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`,
    );
  }
  return JSON.parse(result.stdout) as T;
}

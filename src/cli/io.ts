// The CLI's only contact with the process: output streams, stdin, environment, fetch. Commands get
// a CliIo instead of touching `process`, so tests run the whole CLI in-process and capture output.

/** A stream the CLI writes text to. */
export interface TextSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** The input stream (a TTY when interactive; raw mode is used for hidden prompts). */
export interface TextSource extends AsyncIterable<string | Uint8Array> {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  on(event: 'data', listener: (chunk: string | Uint8Array) => void): unknown;
  off(event: 'data', listener: (chunk: string | Uint8Array) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/** Everything the CLI needs from its environment. */
export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly stdin: TextSource;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The fetch the node client uses; global fetch by default. */
  readonly fetch?: (input: string, init?: RequestInit) => Promise<Response>;
}

/** The real process's streams and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

/** Most bytes read from stdin (a secret or a record value): the largest record plus slack. */
export const stdinBytesMax = 1024 * 1024;

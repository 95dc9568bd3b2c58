// Where a keystore password comes from, in order: --password-file, POLITY_KEYRING_PASSWORD, an
// interactive prompt with no echo (only when stdin is a TTY), else `password_required`. Scripts
// never hang on a prompt they cannot answer.
import { readFile } from 'node:fs/promises';
import { keystoreErrors } from './keystore/index.ts';
import type { CliIo } from './io.ts';

/** Longest accepted password, in characters. */
export const passwordLengthMax = 1024;

/** Options of {@link readPassword}. */
export interface PasswordOptions {
  readonly passwordFile?: string | undefined;
  /** For a new key: prompt twice and reject an empty password. */
  readonly confirm: boolean;
  readonly keyName: string;
}

function checked(password: string, confirm: boolean): string {
  if (password.length > passwordLengthMax) {
    throw keystoreErrors.password_too_long({ max: passwordLengthMax });
  }
  if (confirm && password.length === 0) {
    throw keystoreErrors.password_empty();
  }
  return password;
}

/** Reads a password from the first available source. */
export async function readPassword(io: CliIo, options: PasswordOptions): Promise<string> {
  if (options.passwordFile !== undefined) {
    let text: string;
    try {
      text = await readFile(options.passwordFile, 'utf8');
    } catch {
      throw keystoreErrors.password_file_unreadable({ path: options.passwordFile });
    }
    // Editors and `echo` add one trailing newline; it is not part of the password.
    return checked(text.replace(/\r?\n$/, ''), options.confirm);
  }
  const fromEnv = io.env['POLITY_KEYRING_PASSWORD'];
  if (fromEnv !== undefined) return checked(fromEnv, options.confirm);
  if (io.stdin.isTTY !== true || io.stdin.setRawMode === undefined) {
    throw keystoreErrors.password_required({ name: options.keyName });
  }
  const first = checked(
    await promptHidden(io, `Password for key "${options.keyName}": `),
    options.confirm,
  );
  if (options.confirm) {
    const second = await promptHidden(io, 'Repeat the password: ');
    if (second !== first) throw keystoreErrors.password_mismatch();
  }
  return first;
}

/** Prompts on stderr and reads one line from the TTY in raw mode, echoing nothing. */
export function promptHidden(io: CliIo, question: string): Promise<string> {
  const stdin = io.stdin;
  io.stderr.write(question);
  stdin.setRawMode?.(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error: Error | undefined): void => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stderr.write('\n');
      if (error === undefined) resolve(value);
      else reject(error);
    };
    const onData = (chunk: string | Uint8Array): void => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      for (const ch of text) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish(undefined);
          return;
        }
        if (ch === '\u0003') {
          finish(keystoreErrors.cancelled());
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (value.length <= passwordLengthMax) value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

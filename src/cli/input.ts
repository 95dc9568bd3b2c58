// Bounded reads of user-supplied files and stdin (secrets, record values): a bound on everything,
// so `--value-file /dev/zero` fails fast instead of exhausting memory.
import { open } from 'node:fs/promises';
import { polityError } from '../lib/index.ts';
import { stdinBytesMax, type CliIo } from './io.ts';

/** Reads at most `bytesMax` bytes of a file; throws `file_too_large` beyond that. */
export async function readFileBounded(
  path: string,
  bytesMax: number,
  what: string,
): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    throw polityError('file_unreadable', 'invalid', `Cannot read ${what} from ${path}.`);
  }
  try {
    const buffer = new Uint8Array(bytesMax + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > bytesMax) {
        throw polityError(
          'file_too_large',
          'too_large',
          `${what} in ${path} is larger than ${bytesMax} bytes.`,
        );
      }
    }
    return buffer.slice(0, length);
  } finally {
    await handle.close();
  }
}

/** Reads all of stdin (up to {@link stdinBytesMax}). */
export async function readStdin(io: CliIo, what: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of io.stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    length += buf.length;
    if (length > stdinBytesMax)
      throw polityError(
        'input_too_large',
        'too_large',
        `${what} on stdin is larger than ${stdinBytesMax} bytes.`,
      );
    chunks.push(buf);
  }
  const all = Buffer.concat(chunks);
  return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
}

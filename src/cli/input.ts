// Bounded reads of user-supplied files and stdin (secrets, record values): a bound on everything,
// so `--value-file /dev/zero` fails fast instead of exhausting memory.
import { open } from 'node:fs/promises';
import { cliErrors } from './errors.ts';
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
    throw cliErrors.file_unreadable({ what, path });
  }
  try {
    const buffer = new Uint8Array(bytesMax + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > bytesMax) {
        throw cliErrors.file_too_large({ what, path, max: bytesMax });
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
    if (length > stdinBytesMax) throw cliErrors.input_too_large({ what, max: stdinBytesMax });
    chunks.push(buf);
  }
  const all = Buffer.concat(chunks);
  return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
}

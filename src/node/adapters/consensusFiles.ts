// Durable files behind the consensus driver's ports: the write-ahead log of the current height
// and the last-signed record of the double-sign guard. The WAL is a file of checksummed,
// length-prefixed records, so a torn tail after a crash is detected and ignored; the last-signed
// record is replaced atomically (write a temporary file, fsync, rename, fsync the directory).
import { closeSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import {
  decode,
  encode,
  fixedBytes,
  option,
  struct,
  u32,
  u8,
  uint,
  bytes,
} from '../../codec/index.ts';
import type { ConsensusWal, LastSigned, LastSignedStore } from '../../consensus/index.ts';
import { createSerialQueue } from '../../lib/index.ts';
import type { Logger } from '../../ports/index.ts';

/** Largest WAL file; past it entries are no longer appended (safety never depends on the WAL). */
export const walBytesMax = 256 * 1024 * 1024;
const recordHeaderBytes = 8;

/** Opens (creating if needed) the WAL file at `path`. */
export async function openFileWal(
  path: string,
  logger: Logger,
): Promise<ConsensusWal & { close(): Promise<void> }> {
  const handle: FileHandle = await open(path, 'a+');
  let size = (await handle.stat()).size;
  let warned = false;
  // The WAL port applies operations in call order: appends, reads and resets never interleave.
  const queue = createSerialQueue();
  const serial = <T>(work: () => Promise<T>): Promise<T> => queue.run(work);
  return {
    append: (entry, sync) =>
      serial(async () => {
        if (size + entry.length + recordHeaderBytes > walBytesMax) {
          if (!warned) logger.warn({ path, size }, 'consensus WAL is full; not appending');
          warned = true;
          return;
        }
        const record = Buffer.alloc(recordHeaderBytes + entry.length);
        record.writeUInt32BE(entry.length, 0);
        record.writeUInt32BE(crc32(entry), 4);
        record.set(entry, recordHeaderBytes);
        await handle.write(record, 0, record.length, null);
        size += record.length;
        if (sync) await handle.datasync();
      }),
    read: () =>
      serial(async () => {
        const length = (await handle.stat()).size;
        const data = Buffer.alloc(length);
        if (length > 0) await handle.read(data, 0, length, 0);
        const entries: Uint8Array[] = [];
        for (let at = 0; at + recordHeaderBytes <= data.length;) {
          const length = data.readUInt32BE(at);
          const sum = data.readUInt32BE(at + 4);
          const end = at + recordHeaderBytes + length;
          if (end > data.length) break; // torn tail
          const entry = new Uint8Array(data.subarray(at + recordHeaderBytes, end));
          if (crc32(entry) !== sum) break;
          entries.push(entry);
          at = end;
        }
        return entries;
      }),
    reset: () =>
      serial(async () => {
        await handle.truncate(0);
        await handle.datasync();
        size = 0;
        warned = false;
      }),
    close: () => serial(() => handle.close()),
  };
}

const lastSignedCodec = struct({
  version: u8,
  height: uint,
  round: u32,
  step: u8,
  value: option(fixedBytes(32)),
  message: bytes(64 * 1024 * 1024),
});

/** The last-signed record in the file at `path` (created on first save). */
export function fileLastSignedStore(path: string): LastSignedStore {
  return {
    load(): LastSigned | undefined {
      let data: Uint8Array;
      try {
        data = new Uint8Array(readFileSync(path));
      } catch {
        return undefined; // never signed
      }
      const record = decode(lastSignedCodec, data);
      return {
        height: record.height,
        round: record.round,
        step: record.step,
        value: record.value,
        message: record.message,
      };
    },
    async save(record) {
      const temporary = `${path}.tmp`;
      const file = await open(temporary, 'w', 0o600);
      try {
        await file.writeFile(encode(lastSignedCodec, { version: 1, ...record }));
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, path);
      // The rename itself must survive a crash: fsync the directory.
      const dir = openSync(dirname(path), 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    },
  };
}

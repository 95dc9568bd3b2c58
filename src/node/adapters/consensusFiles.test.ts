import { strict as assert } from 'node:assert';
import { mkdtemp, rm, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { silentLogger } from './logger.ts';
import { fileLastSignedStore, openFileWal } from './consensusFiles.ts';

const dir = await mkdtemp(join(tmpdir(), 'polity-csfiles-'));
after(() => rm(dir, { recursive: true, force: true }));

test('the WAL returns what was appended, across a reopen, and ignores a torn tail', async () => {
  const path = join(dir, 'a.wal');
  const wal = await openFileWal(path, silentLogger);
  await wal.append(new Uint8Array([1, 2, 3]), false);
  await wal.append(new Uint8Array([4]), true);
  await wal.close();
  // A crash in the middle of a record: a header promising more bytes than were written.
  await appendFile(path, Buffer.from([0, 0, 0, 9, 1, 2, 3, 4, 5]));
  const again = await openFileWal(path, silentLogger);
  assert.deepEqual(
    (await again.read()).map((e) => [...e]),
    [[1, 2, 3], [4]],
  );
  await again.reset(7);
  assert.deepEqual(await again.read(), []);
  await again.append(new Uint8Array([9]), true);
  assert.deepEqual(
    (await again.read()).map((e) => [...e]),
    [[9]],
  );
  await again.close();
});

test('a corrupted record ends the replay there', async () => {
  const path = join(dir, 'b.wal');
  const wal = await openFileWal(path, silentLogger);
  await wal.append(new Uint8Array([1]), true);
  await wal.close();
  await appendFile(path, Buffer.from([0, 0, 0, 1, 0, 0, 0, 0, 7])); // wrong checksum
  const again = await openFileWal(path, silentLogger);
  assert.equal((await again.read()).length, 1);
  await again.close();
});

test('the last-signed record survives a reopen and starts empty', async () => {
  const path = join(dir, 'last_signed');
  const store = fileLastSignedStore(path);
  assert.equal(store.load(), undefined);
  const record = {
    height: 5,
    round: 2,
    step: 3,
    value: new Uint8Array(32).fill(7),
    message: new Uint8Array([1, 2, 3]),
  };
  await store.save(record);
  assert.deepEqual(fileLastSignedStore(path).load(), record);
  await store.save({ ...record, round: 3, value: undefined });
  assert.deepEqual(fileLastSignedStore(path).load(), { ...record, round: 3, value: undefined });
});

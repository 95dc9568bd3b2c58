// A dev chain that cannot start says why with a typed error and leaves no temporary home behind.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isPolityError } from '../lib/index.ts';
import { runDevChain } from './devChain.ts';

test('a taken API port gives api_port_in_use and removes the throwaway home', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const address = blocker.address();
  assert.ok(address !== null && typeof address === 'object');
  // A private temp root (os.tmpdir() follows TMPDIR), so other test files cannot interfere.
  const root = await mkdtemp(join(tmpdir(), 'polity-devtest-'));
  const previous = process.env['TMPDIR'];
  process.env['TMPDIR'] = root;
  try {
    await assert.rejects(runDevChain({ apiPort: address.port, logLevel: 'silent' }), (e: unknown) =>
      isPolityError(e, 'api_port_in_use'),
    );
    assert.deepEqual(await readdir(root), []);
  } finally {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    await rm(root, { recursive: true, force: true });
    await new Promise((resolve) => blocker.close(resolve));
  }
});

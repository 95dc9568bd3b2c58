// `polity init` never clobbers a node: a second init needs --force, and no init reuses chain data.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isPolityError } from '../lib/index.ts';
import { readGenesis } from './home.ts';
import { initHome } from './initHome.ts';

test('init refuses an existing home without --force, and any home with chain data', async () => {
  const home = await mkdtemp(join(tmpdir(), 'polity-init-'));
  try {
    await initHome({ home, chainId: 'first' });
    await assert.rejects(initHome({ home, chainId: 'second' }), (e: unknown) =>
      isPolityError(e, 'home_exists'),
    );
    await initHome({ home, chainId: 'second', force: true });
    assert.equal((await readGenesis(home)).chainId, 'second');
    await mkdir(join(home, 'data'));
    await assert.rejects(initHome({ home, chainId: 'third', force: true }), (e: unknown) =>
      isPolityError(e, 'home_has_data'),
    );
    assert.equal((await readGenesis(home)).chainId, 'second');
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

// The node config file: defaults fill what it leaves out, and a bad setting is a typed error
// naming the setting, not a crash at first use.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isPolityError } from '../lib/index.ts';
import { homePaths, readConfig } from './home.ts';
import { initTestnet } from './testnet.ts';

test('verify.workers defaults to one per core and rejects what is not 1..64', async () => {
  const home = await mkdtemp(join(tmpdir(), 'polity-config-'));
  try {
    const write = (config: unknown) =>
      writeFile(homePaths(home).config, JSON.stringify(config), 'utf8');
    await write({});
    assert.equal((await readConfig(home)).verify.workers, Math.min(64, availableParallelism()));
    await write({ verify: { workers: 3 } });
    assert.equal((await readConfig(home)).verify.workers, 3);
    for (const workers of [0, 1.5, 65, '2', null]) {
      await write({ verify: { workers } });
      await assert.rejects(readConfig(home), (e: unknown) => {
        assert.ok(isPolityError(e, 'invalid_config'));
        assert.match(e.message, /verify\.workers/);
        return true;
      });
    }
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('faults.clockOffsetMs defaults to 0 and rejects what is not an integer within a day', async () => {
  const home = await mkdtemp(join(tmpdir(), 'polity-config-'));
  try {
    const write = (config: unknown) =>
      writeFile(homePaths(home).config, JSON.stringify(config), 'utf8');
    await write({});
    assert.equal((await readConfig(home)).faults.clockOffsetMs, 0);
    await write({ faults: { clockOffsetMs: -10_000 } });
    assert.equal((await readConfig(home)).faults.clockOffsetMs, -10_000);
    for (const clockOffsetMs of [0.5, 86_400_001, -86_400_001, '10', null]) {
      await write({ faults: { clockOffsetMs } });
      await assert.rejects(readConfig(home), (e: unknown) => {
        assert.ok(isPolityError(e, 'invalid_config'));
        assert.match(e.message, /faults\.clockOffsetMs/);
        return true;
      });
    }
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('testnet validators share the cores for verification', async () => {
  const out = await mkdtemp(join(tmpdir(), 'polity-testnet-config-'));
  try {
    const { manifest } = await initTestnet({
      out,
      validators: 4,
      chainId: 'config-test',
      basePort: 41_000,
      accounts: 1,
      balance: 1000n,
    });
    for (const node of manifest.nodes) {
      const config = JSON.parse(await readFile(join(node.home, 'config.json'), 'utf8')) as {
        verify: { workers: number };
      };
      assert.equal(config.verify.workers, Math.max(1, Math.floor(availableParallelism() / 4)));
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

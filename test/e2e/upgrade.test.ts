// A software upgrade at a height on a four-validator testnet: the three chambers pass it, node3
// runs as an older build (POLITY_UPGRADES="" — it knows no upgrade), and at the upgrade's height
// node3 stops cleanly (exit 8, telling the operator what to run) while the three others run the
// migration and go on without a fork; node3 restarted as the new build catches up through the
// upgrade and agrees with them.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from './support.ts';
import { eventually, startTestnet } from './testnet.ts';

test('an upgrade at a height stops old nodes cleanly while new ones continue, with no fork', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'polity-upgrade-'));
  const net = await startTestnet({
    dir: join(dir, 'net'),
    validators: 4,
    isolate: false,
    basePort: 40_000 + Math.floor(Math.random() * 1000) * 10,
    initArgs: ['--governance', 'instant'],
    envOf: (i) => (i === 3 ? { POLITY_UPGRADES: '' } : {}),
  });
  try {
    const [n0, n1, n2, n3] = net.nodes;
    const env = { home: net.dir, node: n0!.apiUrl };
    const run = async (args: string[]) => {
      const r = await cli([...args, '--json'], env);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
      return JSON.parse(r.stdout) as Record<string, unknown>;
    };
    const height = (await n0!.client.status()).latestHeight;
    await run([
      'gov',
      'propose',
      'upgrade',
      '--name',
      'v0.2-signal-deposit',
      '--version',
      '0.2.0',
      '--height',
      String(height + 8),
      '--title',
      'Cheaper signals',
      '--from',
      'acct0',
    ]);
    // Each account sits in all three chambers and votes in all of them with one transaction.
    for (const from of ['acct0', 'acct1', 'acct2', 'acct3'])
      await run([
        'gov',
        'vote',
        '1',
        'yes',
        '--chamber',
        'stake,members,maintainers',
        '--from',
        from,
        '--no-wait',
      ]);

    let upgradeHeight = 0;
    await eventually('the upgrade is scheduled', 60_000, async () => {
      const doc = await n0!.client.governance();
      const upgrade = (doc['governance'] as { upgrade: { height: number } | null }).upgrade;
      if (upgrade === null) return false;
      upgradeHeight = upgrade.height;
      return true;
    });
    // The old build stops by itself before the upgrade's height and says what to run.
    await eventually('node3 stops', 60_000, () => Promise.resolve(!n3!.running()));
    assert.equal(n3!.exitCode(), 8);
    assert.match(n3!.logs(), /upgrade_required/);
    assert.match(n3!.logs(), /start polity 0\.2\.0/);
    assert.equal((await cli(['status', '--json'], { ...env, node: n3!.apiUrl })).code, 3);

    // The three new nodes run the migration and go on: same blocks, the migration's effect.
    await eventually('the others pass the upgrade', 60_000, async () =>
      (await Promise.all([n0, n1, n2].map((n) => n!.client.status()))).every(
        (s) => s.latestHeight >= upgradeHeight + 2,
      ),
    );
    const hashes = await Promise.all(
      [n0, n1, n2].map(async (n) => (await n!.client.getBlock(upgradeHeight)).hash),
    );
    assert.equal(new Set(hashes).size, 1);
    const gov = (await n1!.client.governance({ prove: true })).governance!;
    assert.deepEqual(
      gov.applied.map((a) => [a.name, a.height]),
      [['v0.2-signal-deposit', upgradeHeight]],
    );
    assert.equal(gov.params.policies.signal.depositMin, '500');

    // Restarted as the new build, node3 catches up through the upgrade and agrees.
    await n3!.start();
    await eventually(
      'node3 catches up',
      60_000,
      async () => (await n3!.client.status()).latestHeight >= upgradeHeight + 2,
    );
    assert.equal((await n3!.client.getBlock(upgradeHeight)).hash, hashes[0]);
  } finally {
    await net.close();
    await rm(dir, { recursive: true, force: true });
  }
});

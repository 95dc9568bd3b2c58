// A designed fork, as an operator runs it: `polity export` on a stopped node writes a verifiable
// snapshot; a tampered snapshot is refused; `polity fork` makes a new home with its own chain id;
// the forked chain starts with exactly the exported state (proved reads), a transaction of the
// original chain replayed there is rejected with wrong_chain_id, and new ones signed for the fork
// go through with nonces continuing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createClient } from '../../src/api/client/index.ts';
import { fromBase64 } from '../../src/lib/index.ts';
import { cli, cliJson, polityBin, startDev } from './support.ts';

test('export, fork and run a continuing chain that rejects the original chain’s transactions', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'polity-fork-'));
  const home = join(dir, 'original');
  const forked = join(dir, 'forked');
  const snapshot = join(dir, 'snapshot.json');
  const node = await startDev(home);
  let child: ReturnType<typeof spawn> | undefined;
  try {
    const env = { home, node: node.apiUrl };
    const { keys } = await cliJson<{ keys: { name: string; address: string }[] }>(
      ['keys', 'list'],
      env,
    );
    const dev0 = keys[0]!.address;
    const dev1 = keys[1]!.address;
    const sent = await cliJson<{ hash: string }>(
      ['tx', 'transfer', '--from', 'dev0', '--to', 'dev1', '--amount', '777'],
      env,
    );
    await cliJson(
      ['tx', 'record', 'put', '--from', 'dev0', '--key', 'deeds/1', '--value', 'parcel 1'],
      env,
    );
    const original = createClient({ url: node.apiUrl });
    const committed = await original.getTx(sent.hash);
    assert.equal(committed.status, 'committed');
    const replay = fromBase64(committed.raw)!;
    const balance = (await original.getAccount(dev1)).balance;
    assert.equal(await node.stop(), 0);

    const exported = await cliJson<{ height: number; entries: number; stateRoot: string }>(
      ['export', '--out', snapshot],
      env,
    );
    assert.ok(exported.entries > 5);

    // A snapshot with one value changed is refused before anything is written.
    const file = JSON.parse(await readFile(snapshot, 'utf8')) as { entries: [string, string][] };
    const tampered = join(dir, 'tampered.json');
    const entries = file.entries.map(([k, v], i): [string, string] => [
      k,
      i === 0 ? Buffer.from('x').toString('base64') : v,
    ]);
    await writeFile(tampered, JSON.stringify({ ...file, entries }));
    const refused = await cli(
      ['fork', '--from', tampered, '--chain-id', 'polity-classic', '--out', forked],
      env,
    );
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /snapshot_invalid/);
    const same = await cli(
      ['fork', '--from', snapshot, '--chain-id', 'polity-dev', '--out', forked],
      env,
    );
    assert.match(same.stderr, /fork_same_chain_id/);

    const made = await cliJson<{ chainId: string; validating: boolean; stateRoot: string }>(
      [
        'fork',
        '--from',
        snapshot,
        '--chain-id',
        'polity-classic',
        '--out',
        forked,
        '--validator-key-from',
        home,
      ],
      env,
    );
    assert.equal(made.chainId, 'polity-classic');
    assert.equal(made.validating, true);
    assert.equal(made.stateRoot, exported.stateRoot);

    child = spawn(
      process.execPath,
      [polityBin, 'start', '--home', forked, '--api-port', '0', '--json'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const apiUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        clearInterval(poll);
        reject(new Error(`fork did not start: ${out}`));
      }, 60_000);
      const poll = setInterval(() => {
        const match = /"apiUrl":\s*"([^"]+)"/.exec(out);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          clearInterval(poll);
          resolve(match[1]);
        }
      }, 50);
    });
    const fork = createClient({ url: apiUrl });
    assert.equal((await fork.status()).chainId, 'polity-classic');
    // The same state, proved against the fork's own headers.
    assert.equal((await fork.getAccount(dev1, { prove: true })).balance, balance);
    const record = await fork.getRecord(dev0, 'deeds/1', { prove: true });
    assert.equal(Buffer.from(record.record!.value, 'base64').toString(), 'parcel 1');
    // A transaction of the original chain replayed here is rejected for its chain id.
    const [replayed] = await fork.submitTxs([replay]);
    assert.equal(replayed!.status, 'rejected');
    assert.equal(replayed!.code, 'wrong_chain_id');
    // New transactions signed for the fork go through, nonces continuing.
    const forkEnv = { home, node: apiUrl };
    const onFork = await cliJson<{ status: string }>(
      ['tx', 'transfer', '--from', 'dev0', '--to', 'dev1', '--amount', '5'],
      forkEnv,
    );
    assert.equal(onFork.status, 'committed');
  } finally {
    child?.kill('SIGTERM');
    await node.stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});

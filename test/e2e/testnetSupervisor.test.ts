// `polity testnet start` supervises its nodes: a node killed with SIGKILL is reported (name,
// signal, the last lines of its log), `polity testnet restart DIR NODE` restarts it under the same
// supervisor (so Ctrl-C still stops it), and with no supervisor running the restart starts nothing
// and says so.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createClient } from '../../src/api/client/index.ts';
import { cli, polityBin } from './support.ts';

interface Started {
  readonly nodes: readonly {
    readonly name: string;
    readonly apiUrl: string;
    readonly pid: number;
  }[];
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function eventually(what: string, timeoutMs: number, check: () => Promise<boolean>) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('testnet start reports a dead node, and testnet restart brings it back under supervision', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'polity-supervisor-'));
  const out = join(dir, 'net');
  const basePort = 38_000 + Math.floor(Math.random() * 1000) * 10;
  const env = { home: out, node: 'http://127.0.0.1:9' };
  const init = await cli(
    ['testnet', 'init', '--validators', '4', '--out', out, '--base-port', String(basePort)],
    env,
  );
  assert.equal(init.code, 0, init.stderr);

  const start = spawn(process.execPath, [polityBin, 'testnet', 'start', out, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  start.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  start.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => start.once('exit', resolve));
  const pids: number[] = [];
  try {
    await eventually('testnet start prints its nodes', 60_000, () =>
      Promise.resolve(stdout.trim().endsWith('}')),
    );
    const started = JSON.parse(stdout) as Started;
    pids.push(...started.nodes.map((n) => n.pid));
    const node2 = started.nodes[2]!;
    const client2 = createClient({ url: node2.apiUrl });
    await eventually(
      'node2 at height 2',
      60_000,
      async () => (await client2.status()).latestHeight >= 2,
    );

    // A death is reported with the node's name, how it ended and its last log lines.
    process.kill(node2.pid, 'SIGKILL');
    await eventually('the death is reported', 30_000, () =>
      Promise.resolve(stderr.includes('Restart it with')),
    );
    assert.match(stderr, /node2 exited \(signal SIGKILL\)/);
    assert.match(stderr, /"msg":/, 'the last log lines are shown');

    // Unknown names are refused; the named node is restarted by the running supervisor.
    const unknown = await cli(['testnet', 'restart', out, 'node9'], env);
    assert.equal(unknown.code, 2, unknown.stderr);
    assert.match(unknown.stderr, /node9/);
    const restart = await cli(['testnet', 'restart', out, 'node2', '--json'], env);
    assert.equal(restart.code, 0, restart.stderr);
    const { pid } = JSON.parse(restart.stdout) as { pid: number };
    pids.push(pid);
    assert.ok(alive(pid));
    const before = (await client2.status()).latestHeight;
    await eventually(
      'node2 follows the chain again',
      60_000,
      async () => (await client2.status()).latestHeight > before + 1,
    );
    assert.doesNotMatch(stderr.split('Restart it with')[1] ?? '', /exited/, 'no death on restart');

    // Ctrl-C stops every node, the restarted one included.
    start.kill('SIGINT');
    assert.equal(await exited, 0);
    for (const p of pids.slice(0, 2).concat(pids.slice(3))) assert.ok(!alive(p), `${p} stopped`);
    await assert.rejects(access(join(out, 'supervisor.json')));

    // Without a supervisor, restart starts nothing and says so.
    const none = await cli(['testnet', 'restart', out, 'node2'], env);
    assert.notEqual(none.code, 0);
    assert.match(none.stderr, /testnet start/);
    await assert.rejects(client2.status(), 'node2 was not started');
  } finally {
    if (start.exitCode === null) start.kill('SIGKILL');
    for (const p of pids) if (alive(p)) process.kill(p, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});

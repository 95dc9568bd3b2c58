// `polity testnet init` then `polity testnet start`, exactly as the README shows them: the start
// command runs four validator processes, prints their endpoints, the chain advances with the same
// blocks on every node, a transfer sent to one node is final on another, and Ctrl-C stops every
// process it started.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createClient } from '../../src/api/client/index.ts';
import { cli, polityBin } from './support.ts';

interface Started {
  readonly chainId: string;
  readonly nodes: readonly {
    readonly apiUrl: string;
    readonly pid: number;
    readonly home: string;
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

test('polity testnet init and start run four validators until Ctrl-C', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'polity-testnet-cli-'));
  const out = join(dir, 'net');
  const basePort = 36_000 + Math.floor(Math.random() * 1000) * 10;
  const init = await cli(
    ['testnet', 'init', '--validators', '4', '--out', out, '--base-port', String(basePort)],
    { home: out, node: 'http://127.0.0.1:9' },
  );
  assert.equal(init.code, 0, init.stderr);
  assert.match(init.stdout, /polity testnet start/);

  const start = spawn(process.execPath, [polityBin, 'testnet', 'start', out, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  start.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => start.once('exit', resolve));
  try {
    await eventually('testnet start prints its nodes', 60_000, () =>
      Promise.resolve(stdout.trim().endsWith('}')),
    );
    const started = JSON.parse(stdout) as Started;
    assert.equal(started.nodes.length, 4);
    for (const node of started.nodes) assert.ok(alive(node.pid), `node ${node.pid} runs`);
    const clients = started.nodes.map((n) => createClient({ url: n.apiUrl }));

    // Blocks are decided together: every node reaches height 3 with the same block 2.
    await eventually('every node at height 3', 60_000, async () =>
      (await Promise.all(clients.map((c) => c.status()))).every((s) => s.latestHeight >= 3),
    );
    const hashes = await Promise.all(clients.map(async (c) => (await c.getBlock(2)).hash));
    assert.equal(new Set(hashes).size, 1, `block 2 differs: ${hashes.join(' ')}`);

    // A transfer through node0 with the funded test keys is final on node3.
    const env = { home: out, node: started.nodes[0]!.apiUrl };
    const sent = await cli(
      ['tx', 'transfer', '--from', 'acct0', '--to', 'acct1', '--amount', '7', '--json'],
      env,
    );
    assert.equal(sent.code, 0, sent.stderr);
    const { hash } = JSON.parse(sent.stdout) as { hash: string };
    const onNode3 = await clients[3]!.getTx(hash);
    assert.equal(onNode3.hash, hash);
    await stat(join(started.nodes[0]!.home, 'node.log'));

    start.kill('SIGINT');
    assert.equal(await exited, 0);
    for (const node of started.nodes) assert.ok(!alive(node.pid), `node ${node.pid} stopped`);
  } finally {
    if (start.exitCode === null) start.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});

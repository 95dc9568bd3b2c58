// Governance on a public four-validator testnet, through the CLI as the README shows it: an
// account delegates stake, an emergency pause passes in the maintainers and stake chambers with a
// delegator voting against its validator, it takes effect on every node at once (a transfer is
// refused with module_paused), and every node holds the same proposal, tally and capture metrics.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createClient } from '../../src/api/client/index.ts';
import { cli, cliJson, polityBin } from './support.ts';
import { eventually } from './testnet.ts';

test('a public testnet decides an emergency pause with stake and maintainers, on every node', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'polity-gov-testnet-'));
  const out = join(dir, 'net');
  const basePort = 38_000 + Math.floor(Math.random() * 1000) * 10;
  const init = await cli(
    [
      'testnet',
      'init',
      '--validators',
      '4',
      '--out',
      out,
      '--base-port',
      String(basePort),
      '--admission',
      'public',
      '--governance',
      'instant',
    ],
    { home: out, node: 'http://127.0.0.1:9' },
  );
  assert.equal(init.code, 0, init.stderr);
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
    const nodes = (JSON.parse(stdout) as { nodes: { apiUrl: string }[] }).nodes;
    const clients = nodes.map((n) => createClient({ url: n.apiUrl }));
    await eventually('every node at height 2', 60_000, async () =>
      (await Promise.all(clients.map((c) => c.status()))).every((s) => s.latestHeight >= 2),
    );
    const env = { home: out, node: nodes[0]!.apiUrl };
    const run = async (args: string[]) => {
      const r = await cli([...args, '--json'], env);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
      return JSON.parse(r.stdout) as Record<string, unknown>;
    };

    const { validators } = await cliJson<{ validators: { address: string; power: number }[] }>(
      ['stake', 'validators'],
      env,
    );
    assert.equal(validators.length, 4);
    assert.ok(validators.every((v) => v.power === 10));
    await run([
      'stake',
      'delegate',
      '--validator',
      validators[1]!.address,
      '--amount',
      '5000000',
      '--from',
      'acct0',
    ]);
    await run([
      'gov',
      'propose',
      'pause',
      '--module',
      'transfer',
      '--title',
      'stop transfers',
      '--from',
      'acct1',
    ]);
    // node0, node2 and node3 vote for their validators; acct0 overrides its validator (node1)
    // with no. The votes are sent without waiting for their blocks, each account's in order and
    // the accounts at once, so that all fit inside the 10 s vote: a vote that arrived after it
    // ended would be refused (proposal_not_voting), not counted.
    const votes: [string, string, string][] = [
      ['yes', 'stake', 'node0'],
      ['yes', 'stake', 'node2'],
      ['yes', 'stake', 'node3'],
      ['no', 'stake', 'acct0'],
      ['yes', 'maintainers', 'acct0'],
      ['yes', 'maintainers', 'acct1'],
      ['yes', 'maintainers', 'acct2'],
    ];
    const voters = [...new Set(votes.map(([, , from]) => from))];
    await Promise.all(
      voters.map(async (voter) => {
        for (const [choice, chamber, from] of votes.filter(([, , f]) => f === voter))
          await run([
            'gov',
            'vote',
            '1',
            choice,
            '--chamber',
            chamber,
            '--from',
            from,
            '--no-wait',
          ]);
      }),
    );

    // Instant periods: voting ends within seconds and an emergency takes effect at once.
    await eventually('the pause is enacted on every node', 60_000, async () =>
      (await Promise.all(clients.map((c) => c.proposal(1)))).every(
        (d) => (d['proposal'] as { status: string }).status === 'enacted',
      ),
    );
    const docs = await Promise.all(clients.map((c) => c.proposal(1, { prove: true })));
    const results = docs.map((d) => JSON.stringify(d.proposal.results));
    assert.equal(new Set(results).size, 1, 'the same tally on every node');
    const stake = docs[0]!.proposal.results.find((r) => r.chamber === 'stake')!;
    // acct0's own stake (its 5,000,000 and its share of the fees its validator earned since).
    const no = BigInt(stake.no);
    assert.ok(no >= 5_000_000n && no < 5_100_000n, `acct0's own stake voted no: ${no}`);

    const refused = await cli(
      ['tx', 'transfer', '--from', 'acct2', '--to', 'acct3', '--amount', '1', '--json'],
      env,
    );
    assert.notEqual(refused.code, 0);
    assert.match(refused.stdout + refused.stderr, /module_paused/);

    const captures = await Promise.all(clients.map((c) => c.capture({ prove: true })));
    assert.equal(new Set(captures.map((c) => JSON.stringify(c['capture']))).size, 1);

    start.kill('SIGINT');
    assert.equal(await exited, 0);
  } finally {
    if (start.exitCode === null) start.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});

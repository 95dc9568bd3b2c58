// What a newcomer meets on `polity dev` (issue 11): a proposal's id and voting end are printed when
// it is submitted, a chain halted at an upgrade this build cannot run refuses a transfer with the
// version to start and exit 8 instead of leaving it pending, and a kept home is named on exit.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it, test } from 'node:test';
import { cli, cliJson, polityBin, startDev, type NodeProcess } from './support.ts';

describe('polity dev as a newcomer meets it', () => {
  let home: string;
  let node: NodeProcess;
  let env: { home: string; node: string };

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'polity-e2e-newcomer-'));
    // fast periods (60 s votes): every vote of the upgrade lands in time even on a loaded machine.
    node = await startDev(home, ['--governance', 'fast']);
    env = { home, node: node.apiUrl };
  });

  after(async () => {
    await node.stop();
    await rm(home, { recursive: true, force: true });
  });

  it('gov propose prints the proposal id and when its vote ends, in text and JSON', async () => {
    const first = await cliJson<{ proposal: { id: number; status: string; votingEndMs: number } }>(
      ['gov', 'propose', 'signal', '--title', 'First', '--from', 'dev0'],
      env,
    );
    assert.equal(first.proposal.id, 1);
    assert.equal(first.proposal.status, 'voting');
    const status = await cliJson<{ latestBlockTimeMs: number }>(['status'], env);
    assert.ok(
      first.proposal.votingEndMs > 0 &&
        first.proposal.votingEndMs <= status.latestBlockTimeMs + 60_000,
    );
    const second = await cli(
      ['gov', 'propose', 'signal', '--title', 'Second', '--from', 'dev1'],
      env,
    );
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /^proposal\s+2$/m);
    assert.match(second.stdout, /^voting ends\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/m);
    assert.match(second.stdout, /polity gov vote 2 /);
  });

  it('polity proof verify checks a saved proof offline against trusted validators or a block', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'polity-proofs-'));
    // No node is contacted: every verify runs against a port nothing listens on.
    const offline = { home, node: 'http://127.0.0.1:9' };
    const verify = (args: string[]) => cli(['proof', 'verify', ...args], offline);
    try {
      const sent = await cliJson<{ hash: string }>(
        ['tx', 'transfer', '--from', 'dev0', '--to', 'dev2', '--amount', '7'],
        env,
      );
      const account = await cli(['query', 'account', 'dev0', '--prove', '--json'], env);
      const tx = await cli(['query', 'tx', sent.hash, '--prove', '--json'], env);
      const proved = JSON.parse(account.stdout) as { height: number; balance: string };
      const block = await cli(['query', 'block', String(proved.height), '--json'], env);
      const otherBlock = await cli(['query', 'block', '1', '--json'], env);
      const validators = await (
        await fetch(`${node.apiUrl}/v1/validators?height=${proved.height}`)
      ).text();
      const files = {
        account: join(dir, 'account.json'),
        tx: join(dir, 'tx.json'),
        block: join(dir, 'block.json'),
        otherBlock: join(dir, 'block1.json'),
        validators: join(dir, 'validators.json'),
        wrongValidators: join(dir, 'wrong.json'),
        tampered: join(dir, 'tampered.json'),
      };
      await writeFile(files.account, account.stdout);
      await writeFile(files.tx, tx.stdout);
      await writeFile(files.block, block.stdout);
      await writeFile(files.otherBlock, otherBlock.stdout);
      await writeFile(files.validators, validators);
      const set = JSON.parse(validators) as { validators: { power: number }[] };
      set.validators[0]!.power += 1;
      await writeFile(files.wrongValidators, JSON.stringify(set));
      await writeFile(
        files.tampered,
        JSON.stringify({ ...proved, balance: (BigInt(proved.balance) + 1000n).toString() }),
      );

      const genesis = join(home, 'genesis.json');
      const ok = await verify([files.account, '--genesis', genesis]);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /^verified\s+account pol1/m);
      for (const trust of [
        ['--validators', files.validators],
        ['--trusted-header', files.block],
      ]) {
        const run = await verify([files.account, ...trust, '--json']);
        assert.equal(run.code, 0, run.stdout + run.stderr);
        assert.equal((JSON.parse(run.stdout) as { verified: boolean }).verified, true);
      }
      assert.equal((await verify([files.tx, '--genesis', genesis])).code, 0);
      assert.equal((await verify([files.block, '--validators', files.validators])).code, 0);

      for (const [file, trust] of [
        [files.tampered, ['--genesis', genesis]],
        [files.account, ['--validators', files.wrongValidators]],
        [files.account, ['--trusted-header', files.otherBlock]],
      ] as const) {
        const run = await verify([file, ...trust]);
        assert.equal(run.code, 6, `${file} ${trust.join(' ')}: ${run.stdout}${run.stderr}`);
        assert.match(run.stderr, /^error\[proof_invalid\]/);
      }
      const untrusting = await verify([files.account]);
      assert.equal(untrusting.code, 2);
      assert.match(untrusting.stderr, /^error\[trust_required\]/);
      const notProof = await verify([files.validators, '--genesis', genesis]);
      assert.equal(notProof.code, 2);
      assert.match(notProof.stderr, /^error\[proof_file_unrecognised\]/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a chain halted at an upgrade refuses a transfer with the version to start (exit 8)', async () => {
    const { latestHeight } = await cliJson<{ latestHeight: number }>(['status'], env);
    // The id printed by the proposal itself (no guess, no listing), so the votes start at once.
    const { proposal } = await cliJson<{ proposal: { id: number } }>(
      [
        'gov',
        'propose',
        'upgrade',
        '--name',
        'v9-from-the-future',
        '--version',
        '9.0.0',
        '--height',
        String(latestHeight + 3),
        '--title',
        'An upgrade this build does not know',
        '--from',
        'dev0',
      ],
      env,
    );
    const id = proposal.id;
    // All four at once (each its own sender).
    await Promise.all(
      ['dev0', 'dev1', 'dev2', 'dev3'].map((from) =>
        cliJson(
          [
            'gov',
            'vote',
            String(id),
            'yes',
            '--chamber',
            'stake,members,maintainers',
            '--from',
            from,
            '--no-wait',
          ],
          env,
        ),
      ),
    );
    // Voting ends, the exit window passes, the upgrade is enacted and the chain halts before it.
    let halted: { version: string } | null = null;
    for (let i = 0; i < 900 && halted === null; i++) {
      halted = (await cliJson<{ halted: { version: string } | null }>(['status'], env)).halted;
      if (halted === null) await delay(200);
    }
    assert.equal(halted?.version, '9.0.0');
    const shown = await cli(['status'], env);
    assert.match(shown.stdout, /^halted\s+.*9\.0\.0/m);

    const transfer = await cli(
      ['tx', 'transfer', '--from', 'dev0', '--to', 'dev1', '--amount', '5'],
      env,
    );
    assert.equal(transfer.code, 8, transfer.stdout + transfer.stderr);
    assert.match(transfer.stderr, /^error\[upgrade_required\]: .*start polity 9\.0\.0/m);
    const json = await cli(
      ['tx', 'transfer', '--from', 'dev0', '--to', 'dev1', '--amount', '5', '--json'],
      env,
    );
    assert.equal(json.code, 8);
    assert.equal(
      (JSON.parse(json.stdout) as { error: { code: string } }).error.code,
      'upgrade_required',
    );
  });
});

test('polity dev --keep says where the home was kept when it stops', async () => {
  const child = spawn(
    process.execPath,
    [polityBin, 'dev', '--keep', '--port', '0', '--log-level', 'warn'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  for (let i = 0; i < 300 && !stdout.includes('Stop with Ctrl-C'); i++) await delay(100);
  const home = /^home\s+(\S+)/m.exec(stdout)?.[1];
  try {
    assert.ok(home !== undefined, stdout);
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.match(stdout, new RegExp(`kept at ${home}; resume with: polity dev --home ${home}`));
    await access(join(home, 'genesis.json'));
  } finally {
    child.kill('SIGKILL');
    if (home !== undefined) await rm(home, { recursive: true, force: true });
  }
});

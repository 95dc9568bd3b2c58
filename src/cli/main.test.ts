// CLI parsing, exit codes and output modes, run in-process through runCli.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { formatAddress } from '../crypto/index.ts';
import { runCapture } from './testIo.test.ts';

const commands = [
  [],
  ['keys'],
  ['keys', 'add'],
  ['keys', 'list'],
  ['keys', 'show'],
  ['keys', 'import'],
  ['keys', 'export'],
  ['keys', 'delete'],
  ['tx'],
  ['tx', 'transfer'],
  ['tx', 'record'],
  ['tx', 'record', 'put'],
  ['tx', 'record', 'delete'],
  ['query'],
  ['query', 'account'],
  ['query', 'tx'],
  ['query', 'block'],
  ['query', 'record'],
  ['status'],
  ['proof', 'verify'],
];

const someAddress = formatAddress(new Uint8Array(20));

// A port nothing listens on: bind one, note it, close it.
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object');
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return address.port;
}

describe('polity CLI', () => {
  let home: string;
  let env: Record<string, string>;
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'polity-cli-'));
    env = { POLITY_HOME: home, POLITY_KEYRING_PASSWORD: 'test password 1' };
  });
  after(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('prints help with examples and exit codes for every command', async () => {
    for (const command of commands) {
      const run = await runCapture([...command, '--help'], env);
      assert.equal(run.code, 0, command.join(' '));
      assert.match(run.stdout, /Examples:/, command.join(' '));
      assert.match(run.stdout, /Exit codes:/, command.join(' '));
      assert.match(run.stdout, /--json/, command.join(' '));
    }
  });

  it('exits 2 on an unknown flag, with a stable code', async () => {
    const run = await runCapture(['status', '--frobnicate'], env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^error\[unknown_option\]: /);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  });

  it('exits 2 on a missing subcommand or required option', async () => {
    assert.equal((await runCapture(['keys'], env)).code, 2);
    const run = await runCapture(['tx', 'transfer', '--from', 'a', '--amount', '1'], env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /error\[missing_mandatory_option_value\]/);
  });

  it('exits 2 with invalid_address for a bad address, before contacting a node', async () => {
    const port = await closedPort();
    const run = await runCapture(
      ['query', 'account', 'pol1notanaddress', '--node', `http://127.0.0.1:${port}`],
      env,
    );
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^error\[invalid_address\]: /);
    const transfer = await runCapture(
      ['tx', 'transfer', '--from', 'x', '--to', 'bob', '--amount', '1'],
      env,
    );
    assert.equal(transfer.code, 2);
    assert.match(transfer.stderr, /invalid_address/);
  });

  it('exits 3 with node_unreachable when the node is down', async () => {
    const port = await closedPort();
    const run = await runCapture(['status', '--node', `http://127.0.0.1:${port}`], env);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /^error\[node_unreachable\]: /);
    const json = await runCapture(
      ['query', 'account', someAddress, '--json', '--node', `http://127.0.0.1:${port}`],
      env,
    );
    assert.equal(json.code, 3);
    assert.deepEqual(Object.keys((JSON.parse(json.stdout) as { error: object }).error), [
      'code',
      'message',
    ]);
  });

  it('reports usage errors as one JSON document with --json', async () => {
    const run = await runCapture(['keys', 'show', '--bogus', '--json'], env);
    assert.equal(run.code, 2);
    const doc = JSON.parse(run.stdout) as { error: { code: string; message: string } };
    assert.equal(doc.error.code, 'unknown_option');
    assert.equal(run.stderr, '');
  });

  it('adds, lists, shows, exports and deletes keys with parseable JSON', async () => {
    const added = await runCapture(['keys', 'add', 'alice', '--json'], env);
    assert.equal(added.code, 0, added.stderr);
    const key = JSON.parse(added.stdout) as { name: string; address: string; backend: string };
    assert.equal(key.backend, 'encrypted');
    assert.match(key.address, /^pol1/);

    const list = JSON.parse((await runCapture(['keys', 'list', '--json'], env)).stdout) as {
      keys: { name: string }[];
    };
    assert.deepEqual(
      list.keys.map((k) => k.name),
      ['alice'],
    );

    const shown = await runCapture(['keys', 'show', 'alice'], env);
    assert.equal(shown.code, 0);
    assert.match(shown.stdout, new RegExp(`address\\s+${key.address}`));
    assert.doesNotMatch(shown.stdout, /secret/);

    assert.equal(
      (await runCapture(['keys', 'add', 'alice'], env)).code,
      7,
      'duplicate → keystore error',
    );
    const refused = await runCapture(['keys', 'export', 'alice'], env);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /unsafe_flag_required/);
    const wrong = await runCapture(['keys', 'export', 'alice', '--unsafe-print-secret'], {
      ...env,
      POLITY_KEYRING_PASSWORD: 'wrong',
    });
    assert.equal(wrong.code, 7);
    assert.match(wrong.stderr, /^error\[wrong_password\]/);
    const exported = await runCapture(['keys', 'export', 'alice', '--unsafe-print-secret'], env);
    assert.equal(exported.code, 0);
    const secret = exported.stdout.trim();
    assert.match(secret, /^[0-9a-f]{64}$/);

    const imported = await runCapture(['keys', 'import', 'alice2', '--json'], env, `${secret}\n`);
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal((JSON.parse(imported.stdout) as { address: string }).address, key.address);

    assert.equal((await runCapture(['keys', 'delete', 'alice2'], env)).code, 2, 'needs --yes');
    assert.equal((await runCapture(['keys', 'delete', 'alice2', '--yes'], env)).code, 0);
    assert.equal((await runCapture(['keys', 'show', 'alice2'], env)).code, 7);
  });

  it('requires a password source when not on a TTY', async () => {
    const run = await runCapture(['keys', 'add', 'nopass'], { POLITY_HOME: home });
    assert.equal(run.code, 7);
    assert.match(run.stderr, /^error\[password_required\]/);
  });

  it('warns on stderr for test-backend keys, except in --json mode', async () => {
    const human = await runCapture(['keys', 'add', 'dev0', '--backend', 'test'], env);
    assert.equal(human.code, 0);
    assert.match(human.stderr, /^warning: .*UNENCRYPTED/);
    const json = await runCapture(['keys', 'show', 'dev0', '--json'], env);
    assert.equal(json.stderr, '');
    assert.equal((JSON.parse(json.stdout) as { backend: string }).backend, 'test-unencrypted');
  });

  it('runs through the real bin/polity.js process', () => {
    const bin = fileURLToPath(new URL('../../bin/polity.js', import.meta.url));
    const ok = spawnSync(process.execPath, [bin, 'keys', 'list', '--json'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    assert.equal(ok.status, 0, ok.stderr);
    assert.ok(Array.isArray((JSON.parse(ok.stdout) as { keys: unknown[] }).keys));
    const bad = spawnSync(process.execPath, [bin, '--nope'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^error\[unknown_option\]/);
  });
});

// Usage errors a newcomer meets (issue 11, item 10): each says what was wrong and what to type
// instead, with exit 2 when the user typed it, and the suggestion it makes is one the command takes.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCapture } from './testIo.test.ts';

describe('usage errors that say what to type', () => {
  let home: string;
  let env: Record<string, string>;
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'polity-usage-'));
    env = { POLITY_HOME: home, POLITY_KEYRING_PASSWORD: 'test password 1' };
  });
  after(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('a --node that is not an http(s) URL is a usage error, not an unreachable node', async () => {
    for (const url of ['notaurl', 'ftp://127.0.0.1:26657', '127.0.0.1:26657']) {
      const run = await runCapture(['status', '--node', url], env);
      assert.equal(run.code, 2, `${url}: ${run.stderr}`);
      assert.match(
        run.stderr,
        /^error\[invalid_node_url\]: --node \(or POLITY_NODE\) must be an http/,
      );
    }
    const fromEnv = await runCapture(['status'], { ...env, POLITY_NODE: 'notaurl' });
    assert.equal(fromEnv.code, 2);
    assert.match(fromEnv.stderr, /POLITY_NODE/);
  });

  it('a misspelt flag is named with the flag it is close to, not as a missing one', async () => {
    const run = await runCapture(
      ['tx', 'transfer', '--from', 'a', '--to', 'b', '--amont', '5'],
      env,
    );
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^error\[unknown_option\]: unknown option '--amont'/);
    assert.match(run.stderr, /--amount/);
    const json = await runCapture(['tx', 'transfer', '--from', 'a', '--amont', '5', '--json'], env);
    assert.equal(json.code, 2);
    assert.equal(
      (JSON.parse(json.stdout) as { error: { code: string } }).error.code,
      'unknown_option',
    );
  });

  it('a record key outside the grammar is a usage error before any request', async () => {
    for (const key of ['a/../b', 'tab\there', 'a//b', '']) {
      const run = await runCapture(
        [
          'tx',
          'record',
          'put',
          '--from',
          'a',
          '--key',
          key,
          '--value',
          'v',
          '--node',
          'http://127.0.0.1:1',
        ],
        env,
      );
      assert.equal(run.code, 2, `${JSON.stringify(key)}: ${run.stderr}`);
      assert.match(run.stderr, /^error\[invalid_record_key\]: The record key (has|holds|is)/);
    }
  });

  it('--amount 0 is refused before anything is signed, as the help says', async () => {
    const help = await runCapture(['tx', 'transfer', '--help'], env);
    assert.match(help.stdout, /--amount <upol>\s+amount in upol, a whole number from 1/);
    const run = await runCapture(
      ['tx', 'transfer', '--from', 'a', '--to', 'b', '--amount', '0'],
      env,
    );
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /^error\[invalid_amount\]: --amount must be a whole number of upol from 1 to/,
    );
    // A fee of zero stays possible (a chain whose minimum gas price is 0).
    const fee = await runCapture(
      ['tx', 'transfer', '--from', 'a', '--to', 'b', '--amount', '1', '--fee', '0'],
      env,
    );
    assert.doesNotMatch(fee.stderr, /invalid_amount/);
  });

  it('an unreadable file is named in a well-formed sentence', async () => {
    const run = await runCapture(
      ['tx', 'record', 'put', '--from', 'a', '--key', 'k', '--value-file', join(home, 'missing')],
      env,
    );
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^error\[file_unreadable\]: The record value could not be read from /);
  });

  describe('a port already in use', () => {
    let blocker: Server;
    let port: number;
    before(async () => {
      blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const address = blocker.address();
      assert.ok(address !== null && typeof address === 'object');
      port = address.port;
    });
    after(async () => {
      await new Promise((resolve) => blocker.close(resolve));
    });

    it('start suggests a flag start takes', async () => {
      const nodeHome = join(home, 'node');
      const init = await runCapture(['init', '--home', nodeHome, '--api-port', String(port)], env);
      assert.equal(init.code, 0, init.stderr);
      const run = await runCapture(['start', '--home', nodeHome, '--log-level', 'silent'], env);
      assert.notEqual(run.code, 0, run.stderr);
      assert.match(run.stderr, /^error\[api_port_in_use\]/);
      const flags = [...run.stderr.matchAll(/polity start ([^`]*)`?/g)].map((m) => m[1]);
      assert.ok(flags.length > 0, run.stderr);
      assert.doesNotMatch(run.stderr, /with --port/);
      // The suggested command, with a free port, gets past option parsing.
      const help = await runCapture(['start', '--help'], env);
      for (const flag of run.stderr.matchAll(/polity start (--[a-z-]+)/g))
        assert.ok(help.stdout.includes(flag[1] ?? '?'), `start takes ${flag[1]}`);
    });
  });
});

describe('the unencrypted test key warning', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'polity-testkey-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('is shown when such a key is made and the first time one is used, then once per home', async () => {
    const env = { POLITY_HOME: join(root, 'a') };
    const added = await runCapture(['keys', 'add', 'dev0', '--backend', 'test'], env);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stderr, /^warning: .*UNENCRYPTED/);
    for (const args of [
      ['keys', 'show', 'dev0'],
      ['keys', 'show', 'dev0'],
      ['keys', 'list'],
    ]) {
      const run = await runCapture(args, env);
      assert.equal(run.code, 0);
      assert.equal(run.stderr, '', `${args.join(' ')} repeats the warning`);
    }
    // Another home has not been told yet.
    const other = { POLITY_HOME: join(root, 'b') };
    await runCapture(['keys', 'add', 'dev0', '--backend', 'test', '--json'], other);
    assert.match((await runCapture(['keys', 'show', 'dev0'], other)).stderr, /UNENCRYPTED/);
    assert.equal((await runCapture(['keys', 'show', 'dev0'], other)).stderr, '');
  });
});

describe('polity init funds accounts', () => {
  let home: string;
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'polity-init-'));
  });
  after(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('takes a key name for --account, and says how to fund one when none is given', async () => {
    const env = { POLITY_HOME: home };
    const key = await runCapture(['keys', 'add', 'alice', '--backend', 'test', '--json'], env);
    const address = (JSON.parse(key.stdout) as { address: string }).address;
    const bare = await runCapture(['init', '--home', join(home, 'bare')], env);
    assert.equal(bare.code, 0, bare.stderr);
    assert.match(bare.stdout, /no account is funded.*--account/is);
    const init = await runCapture(['init', '--account', 'alice:1000000', '--json'], env);
    assert.equal(init.code, 0, init.stderr);
    const genesis = JSON.parse(await readFile(join(home, 'genesis.json'), 'utf8')) as {
      accounts: { address: string; balance: string }[];
    };
    assert.deepEqual(genesis.accounts, [{ address, balance: '1000000' }]);
    const bad = await runCapture(['init', '--home', join(home, 'x'), '--account', 'nobody:5'], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /invalid_address/);
  });
});

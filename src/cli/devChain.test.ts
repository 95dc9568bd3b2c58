// The tx and query commands against a real in-process dev chain: signing, fee and gas estimation,
// commit waits, proofs, and the exit codes of rejections and failed receipts.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createClient } from '../api/client/index.ts';
import { formatAddress } from '../crypto/index.ts';
import { runDevChain, type DevChain } from '../node/index.ts';
import { createKeystore } from './keystore/index.ts';
import { runCapture } from './testIo.test.ts';

describe('polity CLI against a dev chain', () => {
  let dev: DevChain;
  let env: Record<string, string>;
  let alice: string;
  let bob: string;
  before(async () => {
    dev = await runDevChain({ apiPort: 0, blockIntervalMs: 20, logLevel: 'silent' });
    const keystore = createKeystore({ dir: join(dev.home, 'keys') });
    for (const a of dev.devAccounts) await keystore.add(a.name, a.signer, { backend: 'test' });
    env = { POLITY_HOME: dev.home, POLITY_NODE: dev.apiUrl };
    alice = formatAddress(dev.devAccounts[0]?.address ?? new Uint8Array());
    bob = formatAddress(dev.devAccounts[1]?.address ?? new Uint8Array());
  });
  after(async () => {
    await dev.stop();
  });

  it('transfers, waits for the commit, and proves the balance', async () => {
    const sent = await runCapture(
      ['tx', 'transfer', '--from', 'dev0', '--to', bob, '--amount', '1234', '--json'],
      env,
    );
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    assert.equal(sent.stderr, '', 'no warning in --json mode');
    const result = JSON.parse(sent.stdout) as {
      hash: string;
      status: string;
      receipt: { status: number };
    };
    assert.equal(result.status, 'committed');
    assert.equal(result.receipt.status, 0);
    const account = await runCapture(['query', 'account', bob, '--prove'], env);
    assert.equal(account.code, 0, account.stderr);
    assert.match(account.stdout, /balance\s+\d+ upol/);
    assert.match(
      account.stdout,
      /^proof: verified against block \d+ \(state root [0-9a-f]{64}\)$/m,
    );
    const tx = await runCapture(['query', 'tx', result.hash, '--prove', '--json'], env);
    assert.equal(tx.code, 0, tx.stderr);
    assert.equal((JSON.parse(tx.stdout) as { hash: string }).hash, result.hash);
  });

  it('puts a record and reads it back with a proof and its history', async () => {
    const put = await runCapture(
      ['tx', 'record', 'put', '--from', 'dev0', '--key', 'greeting', '--value', 'hello'],
      env,
    );
    assert.equal(put.code, 0, put.stderr);
    assert.match(put.stderr, /^warning: .*UNENCRYPTED/);
    const got = await runCapture(['query', 'record', alice, 'greeting', '--prove'], env);
    assert.equal(got.code, 0, got.stderr);
    assert.match(got.stdout, /value\s+hello/);
    const history = await runCapture(
      ['query', 'record', alice, 'greeting', '--history', '--json'],
      env,
    );
    assert.equal((JSON.parse(history.stdout) as { changes: unknown[] }).changes.length, 1);
    assert.equal((await runCapture(['query', 'record', alice, 'missing'], env)).code, 5);
    assert.equal((await runCapture(['query', 'block', 'latest', '--prove'], env)).code, 0);
  });

  it("exits 4 on a rejection, with the node's code, and the refused transaction costs nothing", async () => {
    const client = createClient({ url: dev.apiUrl });
    const before = await client.getAccount(bob);
    // Deleting a record that does not exist is certain to fail: refused before it costs a fee.
    const failed = await runCapture(
      ['tx', 'record', 'delete', '--from', 'dev1', '--key', 'absent', '--json'],
      env,
    );
    assert.equal(failed.code, 4);
    const doc = JSON.parse(failed.stdout) as { error: { code: string; message: string } };
    assert.equal(doc.error.code, 'record_not_found');
    const after = await client.getAccount(bob);
    assert.equal(after.nonce, before.nonce, 'nonce unchanged');
    assert.equal(after.balance, before.balance, 'no fee charged');
    assert.equal(after.pendingNonce, before.pendingNonce, 'nothing entered the pool');
    const rejected = await runCapture(
      ['tx', 'transfer', '--from', 'dev2', '--to', bob, '--amount', '18446744073709551615'],
      env,
    );
    assert.equal(rejected.code, 4);
    assert.match(rejected.stderr, /error\[insufficient_funds\]/);
  });
});

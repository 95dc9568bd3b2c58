// `polity dev` as a user runs it: a real process on 127.0.0.1 with LevelDB, driven through the CLI
// and through the HTTP API with the typed client, every read checked with its proof.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createClient } from '../../src/api/client/index.ts';
import {
  addressOf,
  formatAddress,
  parseAddress,
  signerFromSecret,
  type Signer,
} from '../../src/crypto/index.ts';
import { fromHex, utf8 } from '../../src/lib/index.ts';
import { encodeTx, estimateGas, signTx, type Message } from '../../src/execution/index.ts';
import { cli, cliJson, startDev, type NodeProcess } from './support.ts';

describe('polity dev, end to end', () => {
  let home: string;
  let node: NodeProcess;
  let env: { home: string; node: string };

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'polity-e2e-dev-'));
    node = await startDev(home);
    env = { home, node: node.apiUrl };
  });

  after(async () => {
    await node.stop();
    await rm(home, { recursive: true, force: true });
  });

  it('CLI: transfers and records are committed and read back with verified proofs', async () => {
    const { keys } = await cliJson<{ keys: { name: string; address: string }[] }>(
      ['keys', 'list'],
      env,
    );
    assert.deepEqual(
      keys.map((k) => k.name),
      ['dev0', 'dev1', 'dev2', 'dev3'],
    );
    const dev0 = keys[0]!.address;
    await cliJson(['keys', 'add', 'alice', '--backend', 'test'], env);
    const alice = (await cliJson<{ address: string }>(['keys', 'show', 'alice'], env)).address;

    const sent = await cliJson<{ hash: string; status: string; height: number }>(
      ['tx', 'transfer', '--from', 'dev0', '--to', alice, '--amount', '2500'],
      env,
    );
    assert.equal(sent.status, 'committed');
    const account = await cliJson<{ balance: string; proof?: unknown }>(
      ['query', 'account', alice, '--prove'],
      env,
    );
    assert.equal(account.balance, '2500');
    assert.ok(account.proof !== undefined);
    const human = await cli(['query', 'account', alice, '--prove'], env);
    assert.equal(human.code, 0);
    assert.match(human.stdout, /proof: verified against block \d+/);

    for (const text of ['parcel 42 belongs to alice', 'parcel 42 belongs to bob']) {
      const put = await cliJson<{ status: string }>(
        ['tx', 'record', 'put', '--from', 'dev0', '--key', 'deeds/42', '--value', text],
        env,
      );
      assert.equal(put.status, 'committed');
    }
    const record = await cli(['query', 'record', dev0, 'deeds/42', '--prove'], env);
    assert.equal(record.code, 0, record.stderr);
    assert.match(record.stdout, /parcel 42 belongs to bob/);
    assert.match(record.stdout, /proof: verified/);
    const history = await cli(['query', 'record', dev0, 'deeds/42', '--history'], env);
    assert.equal(history.code, 0, history.stderr);
    assert.ok(
      history.stdout.indexOf('belongs to bob') < history.stdout.indexOf('belongs to alice'),
    );

    const tx = await cli(['query', 'tx', sent.hash, '--prove'], env);
    assert.equal(tx.code, 0, tx.stderr);
    assert.match(tx.stdout, /proof: verified/);

    // Transactions sent without waiting take consecutive nonces (the node counts queued ones).
    for (let i = 0; i < 2; i++) {
      const sent = await cliJson<{ status: string }>(
        ['tx', 'transfer', '--from', 'dev3', '--to', alice, '--amount', '1', '--no-wait'],
        env,
      );
      assert.notEqual(sent.status, 'rejected');
    }

    // A rejection is exit code 4 with the node's code; nothing is spent.
    const poor = await cli(
      ['tx', 'transfer', '--from', 'alice', '--to', dev0, '--amount', '999999'],
      env,
    );
    assert.equal(poor.code, 4, poor.stdout + poor.stderr);
    assert.match(poor.stderr, /insufficient_funds/);
    // Nothing was spent by the rejection: only the two 1-upol transfers (once committed) arrive.
    for (let i = 0; i < 100; i++) {
      const now = await cliJson<{ balance: string }>(['query', 'account', alice], env);
      if (now.balance === '2502') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const after = await cliJson<{ balance: string }>(['query', 'account', alice], env);
    assert.equal(after.balance, '2502');
  });

  it('API: the typed client submits signed transactions and verifies every answer', async () => {
    const exported = await cli(['keys', 'export', 'dev1', '--unsafe-print-secret'], env);
    assert.equal(exported.code, 0, exported.stderr);
    const signer: Signer = signerFromSecret('ed25519', fromHex(exported.stdout.trim())!);
    const me = addressOf(signer.publicKey);
    const client = createClient({ url: node.apiUrl });
    const status = await client.status();
    const recipient = parseAddress(
      (await cliJson<{ address: string }>(['keys', 'show', 'dev2'], env)).address,
    );

    const events: string[] = [];
    const subscription = client.subscribe({ onTx: (e) => events.push(e.hash) });
    const nonce = await client.nextNonce(formatAddress(me));
    const build = (n: number, messages: Message[]) => {
      const gasLimit = estimateGas(messages, 600) + 1000;
      return encodeTx(
        signTx(
          {
            chainId: status.chainId,
            sender: me,
            nonce: n,
            fee: BigInt(gasLimit),
            gasLimit,
            messages,
            memo: 'e2e',
          },
          signer,
        ),
      );
    };
    const results = await client.submitTxs(
      [
        build(nonce, [{ type: 'transfer', to: recipient, amount: 7n }]),
        build(nonce + 1, [
          {
            type: 'record.put',
            key: 'doc',
            value: utf8('{"a":1}'),
            contentType: 'application/json',
          },
        ]),
        build(nonce + 2, [{ type: 'record.delete', key: 'absent' }]),
      ],
      { wait: 'commit' },
    );
    assert.deepEqual(
      results.map((r) => r.status),
      ['committed', 'committed', 'rejected'],
    );
    // Deleting a missing record is certain to fail: refused before it costs a fee or a nonce.
    assert.equal(results[2]!.code, 'record_not_found');
    assert.equal(results[2]!.receipt, undefined);

    const tx = await client.getTx(results[0]!.hash!);
    assert.equal(tx.status, 'committed');
    const record = await client.getRecord(formatAddress(me), 'doc', { prove: true });
    assert.equal(Buffer.from(record.record!.value, 'base64').toString(), '{"a":1}');
    const missing = await client.getRecord(formatAddress(me), 'never-written', { prove: true });
    assert.equal(missing.record, null);
    const account = await client.getAccount(formatAddress(me), { prove: true });
    assert.equal(account.nonce, nonce + 2, 'the refused transaction used no nonce');

    // Bad input over HTTP: a wrong chain id and a broken signature are rejected per transaction.
    const wrongChain = encodeTx(
      signTx(
        {
          chainId: 'another-chain',
          sender: me,
          nonce: nonce + 2,
          fee: 30_000n,
          gasLimit: 30_000,
          messages: [{ type: 'transfer', to: recipient, amount: 1n }],
          memo: '',
        },
        signer,
      ),
    );
    const badSig = build(nonce + 2, [{ type: 'transfer', to: recipient, amount: 1n }]);
    badSig[badSig.length - 5] = (badSig[badSig.length - 5] ?? 0) ^ 0xff;
    const rejected = await client.submitTxs([wrongChain, badSig]);
    assert.deepEqual(
      rejected.map((r) => r.code),
      ['wrong_chain_id', 'bad_signature'],
    );

    const committed = results.filter((r) => r.status === 'committed');
    for (let i = 0; i < 100 && events.length < committed.length; i++)
      await new Promise((r) => setTimeout(r, 50));
    subscription.close();
    assert.ok(
      committed.every((r) => events.includes(r.hash!)),
      'each committed tx was announced live',
    );
  });
});

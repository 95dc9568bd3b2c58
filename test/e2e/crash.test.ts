// Durability under a crash: a node is killed with SIGKILL in the middle of a transaction load. After
// a restart on the same home, every transaction acknowledged as committed before the kill is there
// (same height, proofs verified), the chain links up block by block, and it keeps growing.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createClient, type Client } from '../../src/api/client/index.ts';
import { addressOf, formatAddress, signerFromSecret } from '../../src/crypto/index.ts';
import { fromHex } from '../../src/lib/index.ts';
import { encodeTx, estimateGas, signTx } from '../../src/execution/index.ts';
import { cli, startDev } from './support.ts';

test('kill -9 under load loses no acknowledged transaction and the chain continues', async () => {
  const home = await mkdtemp(join(tmpdir(), 'polity-e2e-crash-'));
  try {
    const first = await startDev(home, ['--block-interval-ms', '20']);
    const env = { home, node: first.apiUrl };
    const exported = await cli(['keys', 'export', 'dev0', '--unsafe-print-secret'], env);
    assert.equal(exported.code, 0, exported.stderr);
    const signer = signerFromSecret('ed25519', fromHex(exported.stdout.trim())!);
    const sender = addressOf(signer.publicKey);
    const recipient = addressOf(signerFromSecret('ed25519', new Uint8Array(32).fill(42)).publicKey);
    const messages = [{ type: 'transfer' as const, to: recipient, amount: 1n }];
    const gasLimit = estimateGas(messages, 300) + 1000;
    const client: Client = createClient({ url: first.apiUrl, timeoutMs: 5000 });
    const { chainId } = await client.status();
    const acked = new Map<string, number>();

    const control = { stop: false };
    const load = (async () => {
      let nonce = await client.nextNonce(formatAddress(sender));
      while (!control.stop) {
        const batch = Array.from({ length: 40 }, (_, i) =>
          encodeTx(
            signTx(
              {
                chainId,
                sender,
                nonce: nonce + i,
                fee: BigInt(gasLimit),
                gasLimit,
                messages,
                memo: '',
              },
              signer,
            ),
          ),
        );
        try {
          const results = await client.submitTxs(batch, { wait: 'commit', timeoutMs: 4000 });
          for (const r of results)
            if (r.status === 'committed' && r.hash !== null) acked.set(r.hash, r.height!);
          nonce += results.filter((r) => r.status !== 'rejected').length;
        } catch {
          return; // the node is gone
        }
      }
    })();
    // Let the load run until several batches are acknowledged, then crash the node mid-flight.
    for (let i = 0; i < 200 && acked.size < 200; i++) await new Promise((r) => setTimeout(r, 25));
    await first.kill9();
    control.stop = true;
    await load;
    assert.ok(acked.size >= 200, `the load was acknowledged before the kill (${acked.size})`);

    const second = await startDev(home, ['--block-interval-ms', '20']);
    try {
      const after = createClient({ url: second.apiUrl });
      for (const [hash, height] of acked) {
        const tx = await after.getTx(hash);
        assert.equal(tx.status, 'committed', hash);
        assert.equal(tx.height, height);
      }
      const latest = await after.getBlock('latest');
      let child = latest;
      for (let h = latest.header.height - 1; h >= 1; h--) {
        const parent = await after.getBlock(h);
        assert.equal(child.header.prevHash, parent.hash, `block ${h + 1} links to block ${h}`);
        child = parent;
      }
      const nonce = await after.nextNonce(formatAddress(sender));
      const more = await after.submitTx(
        encodeTx(
          signTx(
            { chainId, sender, nonce, fee: BigInt(gasLimit), gasLimit, messages, memo: '' },
            signer,
          ),
        ),
        { wait: 'commit' },
      );
      assert.equal(more.status, 'committed', JSON.stringify(more));
      assert.ok(more.height! > latest.header.height);
    } finally {
      await second.stop();
    }
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

// Four validators as four real processes under a steady transaction load, checked from outside
// through their APIs: kill -9 one and the chain goes on; restart it and it catches up and votes
// again; stop two of four and the chain halts without forking; bring them back and it resumes;
// partition 2|2 (network namespaces) and heal; throughout, every node has the same block at every
// height and no acknowledged transaction is lost.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { addressOf, formatAddress, signerFromSecret } from '../../src/crypto/index.ts';
import { fromHex } from '../../src/lib/index.ts';
import { encodeTx, estimateGas, signTx } from '../../src/execution/index.ts';
import { cli } from './support.ts';
import {
  eventually,
  namespacesAvailable,
  startTestnet,
  type Testnet,
  type TestnetNode,
} from './testnet.ts';

const timeouts = {
  proposeBaseMs: 600,
  proposeDeltaMs: 300,
  prevoteBaseMs: 300,
  prevoteDeltaMs: 300,
  precommitBaseMs: 300,
  precommitDeltaMs: 300,
  commitMs: 50,
  emptyBlockIntervalMs: 300,
  rebroadcastMs: 500,
};

const height = async (node: TestnetNode): Promise<number> =>
  (await node.client.status()).latestHeight;

/** Every running node has the same block hash at every height they share. */
async function assertNoFork(net: Testnet): Promise<number> {
  const running = net.nodes.filter((n) => n.running());
  const heights = await Promise.all(running.map(height));
  const shared = Math.min(...heights);
  for (let h = 1; h <= shared; h++) {
    const hashes = await Promise.all(running.map(async (n) => (await n.client.getBlock(h)).hash));
    assert.equal(new Set(hashes).size, 1, `fork at height ${h}: ${hashes.join(' ')}`);
  }
  return shared;
}

/** A steady load of transfers to running nodes; remembers what was acknowledged as committed. */
function startLoad(
  net: Testnet,
  secrets: readonly Uint8Array[],
): { stop(): Promise<void>; acked: Map<string, number> } {
  const acked = new Map<string, number>();
  let stopping = false;
  const recipient = addressOf(signerFromSecret('ed25519', new Uint8Array(32).fill(9)).publicKey);
  const messages = [{ type: 'transfer' as const, to: recipient, amount: 1n }];
  const gasLimit = estimateGas(messages, 300) + 1000;
  let turn = 0;
  const loops = secrets.map(async (secret) => {
    const signer = signerFromSecret('ed25519', secret);
    const sender = addressOf(signer.publicKey);
    while (!stopping) {
      const running = net.nodes.filter((n) => n.running());
      const node = running[turn++ % Math.max(1, running.length)];
      if (node === undefined) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      try {
        const nonce = await node.client.nextNonce(formatAddress(sender));
        const batch = Array.from({ length: 5 }, (_, i) =>
          encodeTx(
            signTx(
              {
                chainId: net.chainId,
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
        const results = await node.client.submitTxs(batch, { wait: 'commit', timeoutMs: 3000 });
        for (const r of results)
          if (r.status === 'committed' && r.hash !== null) acked.set(r.hash, r.height ?? 0);
      } catch {
        await new Promise((r) => setTimeout(r, 200)); // a node is down or the chain halted
      }
    }
  });
  return {
    acked,
    async stop() {
      stopping = true;
      await Promise.all(loops);
    },
  };
}

test(
  'four validators survive crashes, a lost quorum and a partition without forking',
  { timeout: 600_000 },
  async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'polity-e2e-bft-'));
    const isolate = namespacesAvailable();
    const net = await startTestnet({
      dir,
      validators: 4,
      isolate,
      basePort: 27_000 + (process.pid % 500) * 10,
      timeouts,
    });
    try {
      const secrets = await Promise.all(
        net.accounts.map(async (a) => {
          const r = await cli(['keys', 'export', a.name, '--unsafe-print-secret'], {
            home: dir,
            node: net.nodes[0]!.apiUrl,
          });
          assert.equal(r.code, 0, r.stderr);
          return fromHex(r.stdout.trim())!;
        }),
      );
      const [n0, n1, n2, n3] = net.nodes as [TestnetNode, TestnetNode, TestnetNode, TestnetNode];
      const load = startLoad(net, secrets);
      await eventually(
        'the chain reaches height 5 with transactions',
        60_000,
        async () => (await height(n0)) >= 5 && load.acked.size > 0,
      );

      await t.test(
        'polity light verify: trust block 1, verify the chain and an account from another node',
        async () => {
          const one = await n0.client.getBlock(1);
          const env = { home: dir, node: n2.apiUrl };
          const ok = await cli(
            [
              'light',
              'verify',
              '--trust-height',
              '1',
              '--trust-hash',
              one.hash,
              '--account',
              'acct0',
              '--json',
            ],
            env,
          );
          assert.equal(ok.code, 0, ok.stderr);
          const result = JSON.parse(ok.stdout) as {
            verified: { height: number; hash: string };
            account: { balance: string };
          };
          assert.ok(result.verified.height >= 5);
          assert.equal(
            result.verified.hash,
            (await n0.client.getBlock(result.verified.height)).hash,
          );
          const wrong = await cli(
            ['light', 'verify', '--trust-height', '1', '--trust-hash', 'ab'.repeat(32), '--json'],
            env,
          );
          assert.equal(wrong.code, 6, wrong.stdout + wrong.stderr);
          assert.match(wrong.stdout + wrong.stderr, /light_checkpoint_mismatch/);
        },
      );

      await t.test('kill -9 one validator: the chain continues', async () => {
        await n3.kill9();
        const from = await height(n0);
        await eventually(
          'three validators commit 3 more blocks',
          30_000,
          async () => (await height(n0)) >= from + 3,
        );
        await assertNoFork(net);
      });

      await t.test('restart it: it catches up and votes again', async () => {
        await n3.start();
        await eventually(
          'the restarted node catches up',
          60_000,
          async () => (await height(n3)) >= (await height(n0)) - 1,
        );
        const me = n3.validator;
        await eventually('its precommit appears in a commit again', 60_000, async () => {
          const latest = await height(n0);
          const block = await n0.client.getBlock(latest);
          return (block.lastCommit?.signatures ?? []).some((s) => s.validator === me);
        });
        await assertNoFork(net);
      });

      await t.test(
        'stop two of four: the chain halts without forking; bring them back: it resumes',
        async () => {
          await Promise.all([n2.stop(), n3.stop()]);
          await new Promise((r) => setTimeout(r, 1500));
          const halted = await height(n0);
          await new Promise((r) => setTimeout(r, 4000));
          assert.ok((await height(n0)) <= halted + 1, 'no block without a quorum');
          assert.ok((await height(n1)) <= halted + 1, 'no block without a quorum');
          await assertNoFork(net);
          await Promise.all([n2.start(), n3.start()]);
          await eventually(
            'the chain resumes',
            60_000,
            async () => (await height(n0)) >= halted + 3,
          );
          await assertNoFork(net);
        },
      );

      await t.test(
        'partition 2|2, then heal: no fork, progress resumes',
        { skip: isolate ? false : 'network namespaces need root and ip' },
        async () => {
          net.partition([
            [0, 1],
            [2, 3],
          ]);
          await new Promise((r) => setTimeout(r, 1500));
          const before = await Promise.all(net.nodes.map(height));
          await new Promise((r) => setTimeout(r, 4000));
          const during = await Promise.all(net.nodes.map(height));
          for (let i = 0; i < 4; i++)
            assert.ok(during[i]! <= before[i]! + 1, `node ${i} made progress without a quorum`);
          net.heal();
          const top = Math.max(...during);
          await eventually('all nodes progress after the heal', 60_000, async () => {
            const now = await Promise.all(net.nodes.map(height));
            return now.every((h) => h >= top + 3);
          });
          await assertNoFork(net);
        },
      );

      await t.test('a validator that double-signs: evidence appears on chain', async () => {
        await n3.stop();
        const byzantine = net.spawnAt(3, [
          join(import.meta.dirname, 'byzantine.ts'),
          n3.home,
          ...(await net.peersOf(3)),
        ]);
        let output = '';
        byzantine.stdout?.on('data', (d: Buffer) => (output += d.toString()));
        byzantine.stderr?.on('data', (d: Buffer) => (output += d.toString()));
        const from = await height(n0);
        try {
          await eventually(`evidence against ${n3.validator} in a block`, 60_000, async () => {
            const top = await height(n0);
            for (let h = from; h <= top; h++) {
              const block = await n0.client.getBlock(h);
              if (block.evidence.some((e) => e.validator === n3.validator)) return true;
            }
            return false;
          }).catch((error: unknown) => {
            throw new Error(`${String(error)}\nbyzantine process output:\n${output}`);
          });
        } finally {
          byzantine.kill('SIGKILL');
        }
        await n3.start();
        await assertNoFork(net);
      });

      await load.stop();
      await t.test('no acknowledged transaction is lost, on any node', async () => {
        assert.ok(load.acked.size > 20, `only ${load.acked.size} transactions were acknowledged`);
        await eventually('nodes converge', 30_000, async () => {
          const hs = await Promise.all(net.nodes.map(height));
          return Math.min(...hs) >= Math.max(...load.acked.values());
        });
        for (const [hash, at] of load.acked) {
          for (const node of net.nodes) {
            const tx = await node.client.getTx(hash);
            assert.ok(
              tx.status === 'committed' && tx.height === at,
              `${hash} committed at ${at} is missing or elsewhere on node ${node.index}`,
            );
          }
        }
        await assertNoFork(net);
      });
    } finally {
      await net.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
);

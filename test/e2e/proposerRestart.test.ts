// A proposer killed with SIGKILL in its own round, while the chain cannot commit without it, and
// restarted: it proposes again the block it signed (recorded in its WAL) instead of building a new
// one its double-sign guard would refuse, the chain resumes, and no node logs a line at error level
// — nor a refused proposal — before, during or after.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { genesisFromJson } from '../../src/chain/index.ts';
import { proposerAt } from '../../src/consensus/index.ts';
import { formatAddress } from '../../src/crypto/index.ts';
import { eventually, startTestnet, type TestnetNode } from './testnet.ts';

const timeouts = {
  proposeBaseMs: 600,
  proposeDeltaMs: 300,
  prevoteBaseMs: 300,
  prevoteDeltaMs: 300,
  precommitBaseMs: 300,
  precommitDeltaMs: 300,
  commitMs: 50,
  emptyBlockIntervalMs: 1_500,
  rebroadcastMs: 500,
};

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly height?: number;
  readonly round?: number;
}

/** The JSON log lines of a node's output (a node writes JSON when its log is not a terminal). */
const linesOf = (output: string): LogLine[] =>
  output.split('\n').flatMap((l) => {
    if (!l.startsWith('{')) return [];
    try {
      return [JSON.parse(l) as LogLine];
    } catch {
      return [];
    }
  });

/** Lines at error level (pino: 50) or worse, and refused proposals, of one run's output. */
const complaints = (output: string): LogLine[] =>
  linesOf(output).filter(
    (l) => l.level >= 50 || l.msg === 'refused to sign a conflicting proposal',
  );

const height = async (node: TestnetNode): Promise<number> =>
  (await node.client.status()).latestHeight;

test('a proposer killed in its round re-proposes its block after a restart, with no error logged', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'polity-e2e-proposer-'));
  const net = await startTestnet({
    dir: join(dir, 'net'),
    validators: 4,
    isolate: false,
    basePort: 40_000 + Math.floor(Math.random() * 1000) * 10,
    timeouts,
  });
  const runs: string[] = []; // the output of every process that ended, checked at the end
  try {
    const [p, a, b, d] = net.nodes as [TestnetNode, TestnetNode, TestnetNode, TestnetNode];
    const genesis = genesisFromJson(
      JSON.parse(await readFile(join(p.home, 'genesis.json'), 'utf8')),
    );
    await eventually('height 3 everywhere', 60_000, async () =>
      (await Promise.all(net.nodes.map(height))).every((h) => h >= 3),
    );

    // Wait for a height whose round 0 p proposes, and stop the others in the pause before it:
    // p proposes alone, prevotes its block, and waits (a third of the power cannot go on).
    const others = [a, b, d];
    let stuck = 0;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const next = (await height(p)) + 1;
      if (formatAddress(proposerAt(genesis.validators, next, 0).address) === p.validator) {
        stuck = next;
        break;
      }
      if (Date.now() > deadline) throw new Error('p never came to propose');
      await new Promise((r) => setTimeout(r, 50));
    }
    runs.push(...others.map((n) => n.logs()));
    await Promise.all(others.map((n) => n.kill9()));
    // p's proposal leaves after the pause between heights (1.5 s here).
    await new Promise((r) => setTimeout(r, 3_000));
    assert.equal(await height(p), stuck - 1, 'p alone committed nothing');
    runs.push(p.logs());
    await p.kill9();

    // Restarted, p replays its WAL: round 0 of the stuck height, where it is the proposer.
    await p.start();
    await Promise.all(others.map((n) => n.start()));
    await eventually('the chain resumes past the stuck height', 60_000, async () =>
      (await Promise.all(net.nodes.map(height))).every((h) => h > stuck),
    );
    const again = linesOf(p.logs()).filter(
      (l) => l.msg === 'proposing again the block recorded before' && l.height === stuck,
    );
    assert.ok(again.length > 0, `p proposed its block of height ${stuck} again:\n${p.logs()}`);
    const all = [...runs, ...net.nodes.map((n) => n.logs())];
    assert.deepEqual(all.flatMap(complaints), []);
  } finally {
    await net.close();
    await rm(dir, { recursive: true, force: true });
  }
});

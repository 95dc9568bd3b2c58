// Governance as a user runs it: `polity dev --governance instant` (a real process on LevelDB),
// proposals, votes and delegation through the CLI, a passed treasury spend enacted after its exit
// window on an otherwise idle chain, a vetoed proposal's deposit burned, proved reads through the
// typed client, and the capture metrics and their history.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { createClient } from '../../src/api/client/index.ts';
import { cli, cliJson, startDev, type NodeProcess } from './support.ts';

describe('governance on polity dev, end to end', () => {
  let home: string;
  let node: NodeProcess;
  let env: { home: string; node: string };
  let keys: { name: string; address: string }[];

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'polity-e2e-gov-'));
    node = await startDev(home, ['--governance', 'instant']);
    env = { home, node: node.apiUrl };
    keys = (await cliJson<{ keys: { name: string; address: string }[] }>(['keys', 'list'], env))
      .keys;
  });

  after(async () => {
    await node.stop();
    await rm(home, { recursive: true, force: true });
  });

  async function waitForStatus(id: number, status: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 100; i++) {
      const doc = await cliJson<{ proposal: Record<string, unknown> }>(
        ['gov', 'tally', String(id)],
        env,
      );
      if (doc.proposal['status'] === status) return doc.proposal;
      await delay(200);
    }
    throw new Error(`proposal ${id} never reached ${status}`);
  }

  it('a treasury spend passes in the members chamber and pays after its exit window', async () => {
    // The explorer's view: proposal events over the live stream.
    const statuses: string[] = [];
    let opened: () => void = () => undefined;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const subscription = createClient({ url: node.apiUrl }).subscribe({
      onOpen: () => {
        opened();
      },
      onProposal: (e) => {
        if (e.id === 1) statuses.push(e.status);
      },
    });
    await open;
    const dev3 = keys[3]!.address;
    const before_ = BigInt(
      (await cliJson<{ balance: string }>(['query', 'account', dev3], env)).balance,
    );
    const proposed = await cliJson<{ status: string }>(
      [
        'gov',
        'propose',
        'treasury',
        '--from',
        'dev0',
        '--title',
        'Fund the explorer',
        '--to',
        'dev3',
        '--amount',
        '50000',
      ],
      env,
    );
    assert.equal(proposed.status, 'committed');
    // dev1 follows dev0; dev0 and dev2 vote yes, dev3 no: 3 to 1 with delegation.
    await cliJson(['gov', 'delegate', '--to', 'dev0', '--from', 'dev1'], env);
    let dev3Fee = 0n;
    for (const [from, choice] of [
      ['dev0', 'yes'],
      ['dev2', 'yes'],
      ['dev3', 'no'],
    ] as const) {
      const voted = await cliJson<{ receipt: { fee: string } }>(
        ['gov', 'vote', '1', choice, '--chamber', 'members', '--from', from],
        env,
      );
      if (from === 'dev3') dev3Fee = BigInt(voted.receipt.fee);
    }
    const live = await cliJson<{
      tally: { outcome: string; results: { yes: string; no: string }[] };
    }>(['gov', 'tally', '1'], env);
    assert.equal(live.tally.outcome, 'passed');
    // dev0 decides for itself and dev1, but four members are fewer than 1/cap: one vote each.
    assert.deepEqual([live.tally.results[0]!.yes, live.tally.results[0]!.no], ['2', '1']);

    // No transaction is needed: the chain makes a block when the vote and the exit window end.
    const enacted = await waitForStatus(1, 'enacted');
    assert.ok((enacted['enactAtMs'] as number) > (enacted['decidedTimeMs'] as number));
    const after_ = BigInt(
      (await cliJson<{ balance: string }>(['query', 'account', dev3], env)).balance,
    );
    assert.equal(
      after_,
      before_ + 50_000n - dev3Fee,
      'paid from the treasury (dev3 paid its vote fee)',
    );
    subscription.close();
    assert.deepEqual(statuses, ['voting', 'passed', 'enacted']);
  });

  it('reads are proved: the typed client verifies proposals and capture metrics', async () => {
    const client = createClient({ url: node.apiUrl });
    const proposal = await client.proposal(1, { prove: true });
    assert.equal((proposal['proposal'] as { status: string }).status, 'enacted');
    const capture = await client.capture({ prove: true });
    const stake = (capture['capture'] as { chambers: { chamber: string; entities: number }[] })
      .chambers[0]!;
    assert.equal(stake.entities, 4);
    const history = await client.captureHistory();
    assert.ok((history['entries'] as unknown[]).length >= 2, 'genesis metrics and the delegation');
    const human = await cli(['gov', 'capture'], env);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /Nakamoto coefficient/);
    assert.match(human.stdout, /upgrade/);
  });

  it('bad input gets typed errors and changes nothing', async () => {
    const notVoting = await cli(
      ['gov', 'vote', '1', 'yes', '--chamber', 'members', '--from', 'dev0', '--json'],
      env,
    );
    assert.notEqual(notVoting.code, 0);
    assert.match(notVoting.stdout + notVoting.stderr, /proposal_not_voting/);
    const badChoice = await cli(
      ['gov', 'vote', '1', 'maybe', '--chamber', 'members', '--from', 'dev0'],
      env,
    );
    assert.match(badChoice.stderr, /invalid_argument/);
    const missing = await fetch(`${node.apiUrl}/v1/governance/proposals/99`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { code: string }).code, 'proposal_not_found');
  });
});

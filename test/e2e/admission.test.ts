// Transactions certain to fail, sent as a user would with the CLI to a real `polity dev` process:
// each is refused by the node with the code its receipt would have carried, the CLI exits 4 with
// that code, and the sender's balance, nonce and pending transactions are what they were.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { cli, cliJson, startDev, type NodeProcess } from './support.ts';

interface AccountJson {
  readonly balance: string;
  readonly nonce: number;
  readonly pendingNonce: number;
}

describe('transactions certain to fail are refused and cost nothing, through the CLI', () => {
  let home: string;
  let node: NodeProcess;
  let env: { home: string; node: string };

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'polity-e2e-admission-'));
    node = await startDev(home, ['--governance', 'instant']);
    env = { home, node: node.apiUrl };
    // An account outside every chamber, funded so that only its chamber can stop it.
    assert.equal((await cli(['keys', 'add', 'carol', '--backend', 'test'], env)).code, 0);
    await cliJson(
      ['tx', 'transfer', '--from', 'dev0', '--to', 'carol', '--amount', '5000000'],
      env,
    );
    await cliJson(['gov', 'propose', 'signal', '--from', 'dev0', '--title', 'open'], env);
  });

  after(async () => {
    await node.stop();
    await rm(home, { recursive: true, force: true });
  });

  const account = (name: string) => cliJson<AccountJson>(['query', 'account', name], env);

  async function refused(from: string, args: readonly string[], code: string): Promise<void> {
    const before_ = await account(from);
    const result = await cli([...args, '--from', from, '--json'], env);
    assert.equal(result.code, 4, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
    const doc = JSON.parse(result.stdout) as { error: { code: string } };
    assert.equal(doc.error.code, code);
    const after_ = await account(from);
    assert.equal(after_.balance, before_.balance, `${code}: no fee`);
    assert.equal(after_.nonce, before_.nonce, `${code}: same nonce`);
    assert.equal(after_.pendingNonce, before_.pendingNonce, `${code}: nothing waits in the pool`);
  }

  it('a vote on a proposal that does not exist', async () => {
    await refused(
      'dev1',
      ['gov', 'vote', '99', 'yes', '--chamber', 'members'],
      'proposal_not_found',
    );
  });

  it('a vote from an account outside the chamber', async () => {
    await refused('carol', ['gov', 'vote', '1', 'yes', '--chamber', 'members'], 'not_in_chamber');
  });

  it('deleting a record that does not exist', async () => {
    await refused('dev2', ['tx', 'record', 'delete', '--key', 'never-written'], 'record_not_found');
  });

  it('admitting a member who is one already', async () => {
    const dev1 = (await cliJson<{ address: string }>(['keys', 'show', 'dev1'], env)).address;
    await refused(
      'dev2',
      ['gov', 'propose', 'admit-member', '--title', 'again', '--member', dev1],
      'member_exists',
    );
  });

  it('a vote after voting ended', async () => {
    // Instant governance: proposal 1's vote lasts 10 s, then the chain tallies it on its own.
    for (let i = 0; i < 100; i++) {
      const doc = await cliJson<{ proposal: { status: string } }>(['gov', 'tally', '1'], env);
      if (doc.proposal.status !== 'voting') break;
      await delay(250);
    }
    await refused(
      'dev1',
      ['gov', 'vote', '1', 'yes', '--chamber', 'members'],
      'proposal_not_voting',
    );
  });

  it('rules that break an invariant', async () => {
    const file = join(home, 'weaker.json');
    // A single chamber may never decide a protocol change.
    await writeFile(file, JSON.stringify({ policies: { upgrade: { chambers: ['members'] } } }));
    await refused(
      'dev3',
      ['gov', 'propose', 'rules', '--title', 'weaker', '--params-file', file],
      'governance_invariant',
    );
  });
});

// Transactions certain to fail are refused at admission: the sender pays no fee, keeps its nonce,
// and nothing enters the pool; the refusal carries the code the block would have recorded. A block
// that holds them anyway (a Byzantine proposer skips admission) records that failed receipt on
// every node alike. Each case here was once committed with a failed receipt and charged its fee.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '../../src/lib/index.ts';
import { readAccount, type GenesisGovernance, type Message } from '../../src/execution/index.ts';
import type { TestAccount } from '../support/chain.ts';
import { accounts, openGovChain, shortParams, type GovChain } from '../support/govChain.ts';

const [whale, m1, m2, x1, x2, outsider] = accounts(61, 62, 63, 64, 65, 66);
const everyone = [whale!, m1!, m2!, x1!, x2!, outsider!];

function governance(): GenesisGovernance {
  return {
    mode: 'consortium',
    // A maintainer serves one term at a time, so the sitting one cannot stand again.
    params: { ...shortParams(), maintainerConsecutiveTermsMax: 1 },
    stake: [{ holder: whale!.address, entity: 'whale-corp', weight: 60n }],
    members: [m1!.address, m2!.address, x1!.address, x2!.address],
    maintainers: [x1!.address],
    constitution: { hash: new Uint8Array(32).fill(1), url: 'https://example.org/c' },
    treasury: 1_000_000n,
    development: false,
  };
}

const vote = (proposal: number, chamber: 'stake' | 'members' | 'maintainers'): Message => ({
  type: 'gov.vote',
  proposal,
  chamber,
  choice: 'yes',
  candidates: [],
});
const propose = (action: Extract<Message, { type: 'gov.propose' }>['action']): Message => ({
  type: 'gov.propose',
  title: 'a proposal',
  text: '',
  deposit: 1000n,
  action,
});

// The cases of the issue: each a sender, its messages and the code its receipt would carry.
function doomed(): { from: TestAccount; messages: Message[]; code: string }[] {
  const broken = shortParams();
  return [
    { from: m1!, messages: [vote(99, 'members')], code: 'proposal_not_found' },
    // Proposal 1's voting ended (it was tallied) before this vote arrives.
    { from: m2!, messages: [vote(1, 'members')], code: 'proposal_not_voting' },
    {
      from: m1!,
      messages: [{ type: 'record.delete', key: 'never-written' }],
      code: 'record_not_found',
    },
    {
      from: m2!,
      messages: [propose({ type: 'election', candidates: [x1!.address] })],
      code: 'term_limit_reached',
    },
    {
      from: whale!,
      messages: [
        propose({
          type: 'rules.set',
          params: {
            ...broken,
            policies: {
              ...broken.policies,
              upgrade: { ...broken.policies.upgrade, exitWindowMs: 1 },
            },
          },
        }),
      ],
      code: 'governance_invariant',
    },
    // The outsider is no member: it cannot vote in the members chamber.
    { from: outsider!, messages: [vote(2, 'members')], code: 'not_in_chamber' },
  ];
}

// A chain where proposal 1 was tallied already and proposal 2 is open for votes.
async function prepared(): Promise<GovChain> {
  const chain = await openGovChain(everyone, governance());
  await chain.block([{ from: whale!, messages: [propose({ type: 'signal' })] }]);
  await chain.idle(11_000);
  assert.notEqual(chain.proposal(1).status, 'voting');
  await chain.block([{ from: whale!, messages: [propose({ type: 'signal' })] }]);
  assert.equal(chain.proposal(2).status, 'voting');
  return chain;
}

test('transactions certain to fail are refused at admission: no fee, same nonce, empty pool', async () => {
  const chain = await prepared();
  for (const { from, messages, code } of doomed()) {
    const before = readAccount(chain.a.state, from.address);
    const [result] = await chain.block([{ from, messages }]);
    assert.equal(result!.code, code);
    assert.equal(result!.refused, true, `${code} is refused, not committed`);
    const after = readAccount(chain.a.state, from.address);
    assert.equal(after.balance, before.balance, `${code}: no fee was charged`);
    assert.equal(after.nonce, before.nonce, `${code}: the nonce is unchanged`);
    assert.equal(chain.a.mempool.size, 0, `${code}: nothing entered the pool`);
  }
});

test('a block that holds them anyway records each failed receipt, alike on every node', async () => {
  const chain = await prepared();
  const senders = new Map(doomed().map((d) => [toHex(d.from.address), d.from]));
  const before = new Map(
    [...senders.values()].map((a) => [toHex(a.address), readAccount(chain.a.state, a.address)]),
  );
  // One block with all of them, straight into the proposer's pool; the other application
  // validates and commits the same block (the harness checks both reach the same state root).
  const results = await chain.block(
    doomed().map(({ from, messages }) => ({ from, messages })),
    1000,
    [],
    { include: 'force' },
  );
  assert.deepEqual(
    results.map((r) => r.code),
    doomed().map((d) => d.code),
  );
  for (const r of results) assert.equal(r.refused, false);
  for (const [id, account] of before) {
    const after = readAccount(chain.b.state, senders.get(id)!.address);
    const paid = results
      .filter((_, i) => toHex(doomed()[i]!.from.address) === id)
      .reduce((sum, r) => sum + r.fee, 0n);
    assert.equal(after.balance, account.balance - paid, 'each paid its fees and nothing else');
  }
});

test("admission counts the sender's own waiting transactions", async () => {
  const chain = await prepared();
  // A put and the delete of the same record, submitted together: the delete sees the put.
  const [put, del] = await chain.block([
    {
      from: m1!,
      messages: [{ type: 'record.put', key: 'note', value: new Uint8Array([1]), contentType: '' }],
    },
    { from: m1!, messages: [{ type: 'record.delete', key: 'note' }] },
  ]);
  assert.equal(put!.code, '');
  assert.equal(del!.code, '');
  assert.equal(del!.refused, false);
});

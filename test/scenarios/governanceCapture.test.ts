// The attack issue 11 observed on a dev chain: one organisation holding 5,000 of 5,500 stake and,
// like every dev account, one of four member seats, voting alone, passed a signal, treasury spends
// (small and large), a parameter change, the admission of a sock puppet and an election seating
// itself as the whole council. Each must now fail, and the recorded count must say why.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GenesisGovernance, Message } from '../../src/execution/index.ts';
import { developmentGovernance } from '../../src/node/governanceGenesis.ts';
import { accounts, openGovChain } from '../support/govChain.ts';
import { propose, votes } from '../support/govFixtures.ts';

/** A vote; in an election, approving `candidates`. */
const vote = (
  proposal: number,
  chamber: 'stake' | 'members' | 'maintainers',
  choice: 'yes' | 'no',
  candidates: readonly Uint8Array[] = [],
): Message => ({ type: 'gov.vote', proposal, chamber, choice, candidates: [...candidates] });

// The attacker `big`, three other dev accounts, two more small stake holders, and a sock puppet.
const [big, b, c, d, e, f, sock] = accounts(51, 52, 53, 54, 55, 56, 57);
const devAccounts = [big!, b!, c!, d!];

function devChainGovernance(): GenesisGovernance {
  const g = developmentGovernance(
    devAccounts.map((a) => a.address),
    'instant',
  );
  return {
    ...g,
    stake: [
      { holder: big!.address, entity: 'bigcorp', weight: 5000n },
      ...[b, c, d, e, f].map((a, i) => ({ holder: a!.address, entity: `org-${i}`, weight: 100n })),
    ],
  };
}

test('one organisation voting alone on a dev chain passes nothing', async () => {
  const chain = await openGovChain([big!, b!, c!, d!, e!, f!, sock!], devChainGovernance());
  // A legitimate pause first (every maintainer and stake holder agrees), so that lifting it is a
  // parameter change the attacker can propose.
  await chain.block([
    {
      from: b!,
      messages: [propose('pause records', { type: 'emergency.pause', module: 'records' })],
    },
  ]);
  await chain.block([
    ...votes(devAccounts, 1, 'maintainers', 'yes'),
    ...votes([big!, b!, c!, d!, e!, f!], 1, 'stake', 'yes'),
  ]);
  await chain.idle(11_000);
  assert.equal(chain.proposal(1).status, 'enacted');

  const attack = [
    propose('signal', { type: 'signal' }),
    propose('small spend', { type: 'treasury.spend', to: big!.address, amount: 1000n }),
    propose('large spend', { type: 'treasury.spend', to: big!.address, amount: 2_000_000_000n }),
    propose('lift the pause', { type: 'emergency.lift', module: 'records' }),
    propose('admit a friend', { type: 'member.admit', member: sock!.address }),
    propose('elect myself', { type: 'election', candidates: [big!.address] }),
  ];
  const submitted = await chain.block(attack.map((m) => ({ from: big!, messages: [m] })));
  assert.deepEqual(
    submitted.map((r) => r.code),
    attack.map(() => ''),
  );
  const ids = [2, 3, 4, 5, 6, 7];
  const ballots = ids.flatMap((id) =>
    chain.proposal(id).policy.chambers.map((chamber) => ({
      from: big!,
      messages: [vote(id, chamber, 'yes', id === 7 ? [big!.address] : [])],
    })),
  );
  const cast = await chain.block(ballots);
  assert.deepEqual(
    cast.map((r) => r.code),
    ballots.map(() => ''),
  );
  // Past every voting period, a tightened one (twice as long) included.
  await chain.idle(21_000);
  for (const id of ids) {
    const p = chain.proposal(id);
    assert.equal(p.status, 'rejected', `${p.title}: ${p.status} (${p.outcome})`);
    // The count shows why: one entity voted yes where the policy needs more.
    for (const r of p.results) {
      assert.equal(r.yesEntities, 1, `${p.title} ${r.chamber}`);
      assert.ok(p.policy.yesEntitiesMin >= 2);
    }
    assert.match(p.outcome, /entit/);
  }
  // Nobody was seated, admitted or paid.
  assert.equal(chain.gov().council.length, 4);
  assert.equal(chain.gov().pauses.length, 1);
});

test('an election seats at most half the council with candidates backed by one entity alone', async () => {
  const chain = await openGovChain([big!, b!, c!, d!, e!, f!], devChainGovernance());
  const candidates = [big!, b!, c!, d!].map((a) => a.address);
  await chain.block([
    { from: big!, messages: [propose('council', { type: 'election', candidates })] },
  ]);
  // `big` approves itself and two friends; `b` approves only itself.
  await chain.block([
    {
      from: big!,
      messages: [vote(1, 'members', 'yes', [big!.address, c!.address, d!.address])],
    },
    { from: b!, messages: [vote(1, 'members', 'yes', [b!.address])] },
  ]);
  await chain.idle(11_000);
  const p = chain.proposal(1);
  assert.equal(p.status, 'enacted', p.outcome);
  assert.equal(p.results[0]!.yesEntities, 2);
  // Five seats: big's ballot alone may fill two of them, b's one; the rest stay vacant.
  const seated = chain.gov().council.map((s) => s.holder);
  assert.equal(seated.length, 3);
  const bigsFriends = [big!, c!, d!].filter((a) =>
    seated.some((h) => h.every((x, i) => x === a.address[i])),
  );
  assert.equal(bigsFriends.length, 2);
});

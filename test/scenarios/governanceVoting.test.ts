// Governance scenarios on a chain (see test/support/govChain.ts): who votes and how votes count.
// Only a chamber's members vote, and only in the chambers that decide a kind; delegation counts
// until the member votes itself; members elect the council, within term limits, and a seat is
// vacated when its term ends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '../../src/lib/index.ts';
import type { TestAccount } from '../support/chain.ts';
import { openGovChain, shortParams } from '../support/govChain.ts';
import {
  whale,
  m1,
  m2,
  m3,
  m4,
  m5,
  x1,
  x2,
  x3,
  outsider,
  everyone,
  members,
  governance,
  propose,
  vote,
  votes,
} from '../support/govFixtures.ts';

test('only chamber members vote, only in chambers that decide the kind', async () => {
  const chain = await openGovChain(everyone, governance());
  await chain.block([
    {
      from: m1!,
      messages: [propose('grant', { type: 'treasury.spend', to: m1!.address, amount: 1n })],
    },
  ]);
  const [notIn, wrongChamber, missing] = await chain.block([
    { from: outsider!, messages: [vote(1, 'members', 'yes')] },
    { from: whale!, messages: [vote(1, 'stake', 'yes')] },
    { from: m1!, messages: [vote(9, 'members', 'yes')] },
  ]);
  assert.equal(notIn!.code, 'not_in_chamber');
  assert.equal(wrongChamber!.code, 'chamber_not_voting');
  assert.equal(missing!.code, 'proposal_not_found');
});

test("a member's own vote replaces its delegate's, and delegation counts until then", async () => {
  const chain = await openGovChain(everyone, governance());
  // m2..m5 delegate to m1; x1..x3 vote themselves.
  await chain.block(
    [m2!, m3!, m4!, m5!].map((from) => ({
      from,
      messages: [{ type: 'gov.delegate' as const, chamber: 'members' as const, to: m1!.address }],
    })),
  );
  await chain.block([
    {
      from: m1!,
      messages: [propose('spend', { type: 'treasury.spend', to: outsider!.address, amount: 100n })],
    },
  ]);
  await chain.block([
    ...votes([m1!], 1, 'members', 'yes'),
    ...votes([x1!, x2!], 1, 'members', 'no'),
    ...votes([m5!], 1, 'members', 'no'),
  ]);
  await chain.idle(10_000);
  const p = chain.proposal(1);
  // m1 decides for itself, m2, m3 and m4 (4 votes), but as one entity it counts for at most the
  // cap, 20% of the 8 counted (1.6, rounded down to 1); m5 overrode its delegation and voted no,
  // like x1, x2. Uncapped, 4 yes to 3 no would have passed.
  const members_ = p.results[0]!;
  assert.equal(members_.yes, 1n);
  assert.equal(members_.no, 3n);
  assert.deepEqual(members_.own, { yes: 1n, no: 3n, abstain: 0n, veto: 0n });
  assert.deepEqual(members_.delegated, { yes: 3n, no: 0n, abstain: 0n, veto: 0n });
  assert.equal(p.status, 'rejected');
});

test('members elect the council; a maintainer cannot stand for a third consecutive term', async () => {
  const params = { ...shortParams(), maintainerConsecutiveTermsMax: 2, maintainerSeats: 3 };
  const chain = await openGovChain(everyone, governance({ params, maintainers: [x1!.address] }));
  const elect = (title: string, candidates: TestAccount[]) =>
    propose(title, { type: 'election', candidates: candidates.map((c) => c.address) });
  const ballot = (id: number, choose: TestAccount[]) => (from: TestAccount) => ({
    from,
    messages: [
      {
        type: 'gov.vote' as const,
        proposal: id,
        chamber: 'members' as const,
        choice: 'yes' as const,
        candidates: choose.map((c) => c.address),
      },
    ],
  });
  await chain.block([{ from: m1!, messages: [elect('council 2', [x1!, x2!, x3!])] }]);
  await chain.block([
    ...members.slice(0, 5).map(ballot(1, [x1!, x2!])),
    ...members.slice(5).map(ballot(1, [x3!])),
  ]);
  await chain.idle(10_000);
  assert.equal(chain.proposal(1).status, 'enacted');
  assert.deepEqual(
    chain.gov().council.map((s) => [toHex(s.holder), s.consecutiveTerms]),
    [
      [toHex(x1!.address), 2],
      [toHex(x2!.address), 1],
      [toHex(x3!.address), 1],
    ],
  );
  const [r] = await chain.block([{ from: m1!, messages: [elect('council 3', [x1!, x3!])] }]);
  assert.equal(r!.code, 'term_limit_reached');
});

test("a maintainer's seat is vacated when its term ends", async () => {
  const chain = await openGovChain(everyone, governance());
  assert.equal(chain.gov().council.length, 3);
  const termEnd = chain.gov().council[0]!.termEndMs;
  await chain.idle(1000); // block 1 takes the genesis time; time moves from block 2 on
  await chain.idle(termEnd - chain.a.tip().timeMs);
  assert.equal(chain.gov().council.length, 0);
  const maintainersChamber = chain.capture().chambers.find((c) => c.chamber === 'maintainers')!;
  assert.equal(maintainersChamber.entities, 0);
  // Without a council nothing that needs the maintainers can pass until members elect one.
  assert.equal(chain.capture().kinds.find((k) => k.kind === 'upgrade')!.pass, undefined);
  await chain.block([
    {
      from: x1!,
      messages: [propose('v2', { type: 'upgrade', name: 'v2', version: '2', height: 900 })],
    },
  ]);
  const [r] = await chain.block([{ from: x1!, messages: [vote(1, 'maintainers', 'yes')] }]);
  assert.equal(r!.code, 'not_in_chamber', 'its former holder no longer votes there');
});

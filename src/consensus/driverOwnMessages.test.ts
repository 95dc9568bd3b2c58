// The driver's own proposals and votes (validator v0 over fake ports, test/support/
// driverHarness.ts): a vote leaves only once its WAL entry is durable, and a re-proposal goes out
// with the prevotes of its polka.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { equalBytes, toHex } from '../lib/index.ts';
import { blockHash, encodeBlock, voteTypes } from '../types/index.ts';
import { proposerAt } from './proposer.ts';
import {
  block,
  config,
  hexOf,
  lockOnX,
  node,
  ownVotes,
  proposalFrom,
  settle,
  validators,
  voteFrom,
} from '../../test/support/driverHarness.ts';

// At height 1 the proposers of rounds 0, 1, 2, 3 are v1, v2, v3, v0 (equal powers, slot h + r).
test('the fixture: proposers at height 1 are v1, v2, v3, v0 for rounds 0..3', () => {
  const order = [0, 1, 2, 3].map((r) => validators.indexOf(proposerAt(validators, 1, r)));
  assert.deepEqual(order, [1, 2, 3, 0]);
});

test('an own vote is sent only once its WAL entry is durable', async () => {
  const n = node();
  await n.boot();
  n.wal.holdSyncs = true;
  const x = block(1, 1, validators[1]!.address);
  await n.receive(1, proposalFrom(1, 1, 0, x));
  assert.deepEqual(ownVotes(n.sent, 'prevote', 0), []); // signed, but the WAL is not synced yet
  n.wal.releaseSyncs();
  await settle();
  assert.deepEqual(
    ownVotes(n.sent, 'prevote', 0).map((s) => hexOf(s.vote.blockHash)),
    [toHex(x.hash)],
  );
});

test('a re-proposal is sent with the prevotes of its polka', async () => {
  const n = node();
  await n.boot();
  const x = await lockOnX(n);
  // Round 3 is v0's: reach it through v1 and v2 voting there (line 55).
  await n.receive(1, voteFrom(1, 'prevote', 1, 3, undefined));
  await n.receive(2, voteFrom(2, 'prevote', 1, 3, undefined));
  const proposal = n.sent.find((m) => m.kind === 'proposal' && m.signed.proposal.round === 3);
  assert.ok(proposal?.kind === 'proposal');
  assert.equal(proposal.signed.proposal.polRoundPlusOne, 1); // polRound 0
  assert.ok(equalBytes(proposal.signed.proposal.blockHash, x.hash));
  const pol = n.sent
    .slice(n.sent.indexOf(proposal) + 1)
    .flatMap((m) => (m.kind === 'vote' && m.signed.vote.round === 0 ? [m.signed.vote] : []))
    .filter((v) => v.type === voteTypes.prevote && hexOf(v.blockHash) === toHex(x.hash));
  assert.equal(new Set(pol.map((v) => toHex(v.validator))).size, 3);
});

test('a block build that block sync overtook before it ran is dropped quietly', async () => {
  const n = node();
  await n.boot();
  // A proposal's validation holds the driver's app queue, so v0's own build waits behind it.
  const release = n.app.holdValidations();
  const x = block(1, 1, validators[1]!.address);
  await n.receive(1, proposalFrom(1, 1, 0, x));
  // Round 3 is v0's: it asks for a block, queued behind the validation.
  await n.receive(1, voteFrom(1, 'prevote', 1, 3, undefined));
  await n.receive(2, voteFrom(2, 'prevote', 1, 3, undefined));
  assert.equal(n.driver().status().round, 3);
  // Block sync commits height 1 meanwhile: the build is for a height already passed.
  await n.app.commitBlock(x, { height: 1, round: 0, blockHash: x.hash, signatures: [] });
  release();
  await settle();
  assert.deepEqual(
    n.logs.filter((l) => l.level === 'error' || l.level === 'warn'),
    [],
  );
  assert.equal(n.sent.filter((m) => m.kind === 'proposal').length, 0);
});

test('a proposal whose block record outlasts the propose timeout is late, not a conflict', async () => {
  const n = node();
  await n.boot();
  // Round 3 is v0's; the WAL holds the sync of its block record (a slow disk).
  n.wal.holdSyncs = true;
  await n.receive(1, voteFrom(1, 'prevote', 1, 3, undefined));
  await n.receive(2, voteFrom(2, 'prevote', 1, 3, undefined));
  assert.equal(n.driver().status().round, 3);
  await n.advance(config.proposeBaseMs + 3 * config.proposeDeltaMs); // v0 prevotes nil meanwhile
  n.wal.releaseSyncs();
  await settle();
  n.wal.releaseSyncs();
  await settle();
  assert.deepEqual(
    ownVotes(n.sent, 'prevote', 3).map((s) => hexOf(s.vote.blockHash)),
    ['nil'],
  );
  assert.equal(n.sent.filter((m) => m.kind === 'proposal').length, 0);
  assert.deepEqual(
    n.logs.filter((l) => l.level === 'error' || l.level === 'warn'),
    [],
  );
});

// Block time is the weighted median of the precommits that decide the previous block (BFT time):
// a precommit must be later than the block it decides, whatever the local clock says, and the
// local clock no longer decides whether a block is prevoted.
test("a block an hour ahead of the local clock is voted for, each vote signed after the block's time", async () => {
  const n = node();
  await n.boot();
  const base = block(1, 1, validators[1]!.address);
  const timeMs = 3_600_000; // the local clock reads 0
  const header = { ...base.block.header, timeMs };
  const b = { ...base.block, header };
  const x = { block: b, hash: blockHash(header), bytes: encodeBlock(b) };
  await n.receive(1, proposalFrom(1, 1, 0, x));
  await n.receive(1, voteFrom(1, 'prevote', 1, 0, x.hash));
  await n.receive(2, voteFrom(2, 'prevote', 1, 0, x.hash));
  const [prevote] = ownVotes(n.sent, 'prevote', 0);
  const [precommit] = ownVotes(n.sent, 'precommit', 0);
  assert.equal(hexOf(prevote?.vote.blockHash), toHex(x.hash));
  assert.equal(hexOf(precommit?.vote.blockHash), toHex(x.hash));
  assert.equal(precommit?.vote.timeMs, timeMs + 1);
});

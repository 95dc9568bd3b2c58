// The driver across crashes and restarts (found by the simulator in test/sim; validator v0 over
// fake ports, test/support/driverHarness.ts): what the WAL and the double-sign guard's record
// restore, whatever the WAL lost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '../lib/index.ts';
import { decodeWalEntry, encodeWalEntry } from './walEntry.ts';
import {
  block,
  config,
  hexOf,
  lockOnX,
  node,
  ownVotes,
  proposalFrom,
  validators,
  voteFrom,
} from '../../test/support/driverHarness.ts';

test('a restart keeps the lock of its last precommit even when the WAL lost everything', async () => {
  const n = node();
  await n.boot();
  await lockOnX(n);
  n.wal.entries.length = 0; // the worst case: nothing of the height survived in the WAL
  await n.restart();
  // Round 1 (v2 proposes a fresh block Y): v1 and v2 are there already (f+1: skip to round 1).
  await n.receive(1, voteFrom(1, 'prevote', 1, 1, undefined));
  await n.receive(2, voteFrom(2, 'prevote', 1, 1, undefined));
  assert.equal(n.driver().status().round, 1);
  const y = block(1, 2, validators[2]!.address);
  await n.receive(2, proposalFrom(2, 1, 1, y));
  // Locked on X since round 0 (line 22): a fresh Y gets a nil prevote.
  assert.deepEqual(
    ownVotes(n.sent, 'prevote', 1).map((s) => hexOf(s.vote.blockHash)),
    ['nil'],
  );
  assert.equal(n.driver().status().lockedRound, 0);
});

test('a WAL replay restores votes and the lock whatever the place of the height marker', async () => {
  const n = node();
  await n.boot();
  const x = await lockOnX(n);
  // Rewrite the WAL as it could be after a reset raced with the first messages of the height.
  const kept = n.wal.entries.slice(1);
  n.wal.entries.length = 0;
  n.wal.entries.push(...kept, encodeWalEntry({ type: 'height', height: 1 }));
  await n.wal.append(encodeWalEntry({ type: 'height', height: 1 }), true);
  await n.restart();
  const status = n.driver().status();
  assert.equal(status.step, 'precommit');
  assert.equal(status.lockedRound, 0);
  assert.equal(status.validRound, 0);
  // Its own votes are re-sent on rebroadcast: peers that lost them get them again.
  n.sent.length = 0;
  await n.advance(config.rebroadcastMs);
  assert.deepEqual(
    ownVotes(n.sent, 'precommit', 0).map((s) => hexOf(s.vote.blockHash)),
    [toHex(x.hash)],
  );
});

test('after a restart, the vote already signed for a step is re-sent rather than withheld', async () => {
  const n = node();
  await n.boot();
  const x = block(1, 1, validators[1]!.address);
  await n.receive(1, proposalFrom(1, 1, 0, x));
  const [before] = ownVotes(n.sent, 'prevote', 0);
  assert.ok(before !== undefined && before.vote.blockHash !== undefined);
  n.wal.entries.length = 0; // the proposal is forgotten: the machine will want to prevote nil
  await n.restart();
  await n.advance(config.proposeBaseMs); // TimeoutPropose (line 57)
  const after = ownVotes(n.sent, 'prevote', 0);
  assert.ok(after.length > 0, 'the prevote was withheld');
  for (const vote of after) assert.deepEqual(vote, before); // the same message: no double sign
});

/** v0 reaches round 3 of height 1, where it is the proposer, and proposes a block it built. */
async function proposeInRound3(n: ReturnType<typeof node>) {
  await n.receive(1, voteFrom(1, 'prevote', 1, 3, undefined));
  await n.receive(2, voteFrom(2, 'prevote', 1, 3, undefined));
  const sent = n.sent.find((m) => m.kind === 'proposal' && m.signed.proposal.round === 3);
  assert.ok(sent?.kind === 'proposal', 'v0 proposed in round 3');
  // It prevoted its own block: the guard's last signature is now past the proposal.
  assert.equal(ownVotes(n.sent, 'prevote', 3).length, 1);
  return sent;
}

const complaints = (n: ReturnType<typeof node>) =>
  n.logs.filter((l) => l.level === 'error' || l.level === 'warn');

test('a proposer restarted in its round proposes the block it signed, not a new one', async () => {
  const n = node();
  await n.boot();
  const before = await proposeInRound3(n);
  await n.restart();
  await n.advance(config.rebroadcastMs);
  const proposals = n.sent.flatMap((m) =>
    m.kind === 'proposal' && m.signed.proposal.round === 3 ? [m] : [],
  );
  assert.ok(proposals.length > 0, 'the proposal is sent again');
  for (const p of proposals) assert.deepEqual(p, before); // the same signed proposal and block
  assert.deepEqual(complaints(n), []);
});

test('a proposer whose WAL kept its block but lost the proposal does not build a conflicting one', async () => {
  const n = node();
  await n.boot();
  const before = await proposeInRound3(n);
  // The proposal message itself is gone from the WAL; what was recorded before signing stays.
  const proposalEntry = n.wal.entries.findIndex(
    (e) => decodeWalEntry(e)?.type === 'message' && isOwnProposal(decodeWalEntry(e)),
  );
  assert.ok(proposalEntry >= 0);
  n.wal.entries.splice(proposalEntry, 1);
  await n.restart();
  await n.advance(config.rebroadcastMs);
  for (const m of n.sent)
    if (m.kind === 'proposal')
      assert.deepEqual(m.signed.proposal.blockHash, before.signed.proposal.blockHash);
  assert.deepEqual(complaints(n), []);
});

function isOwnProposal(entry: ReturnType<typeof decodeWalEntry>): boolean {
  return entry?.type === 'message' && entry.peer === 'self' && entry.message.kind === 'proposal';
}

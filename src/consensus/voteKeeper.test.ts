// The vote keeper's thresholds by power (strictly more than 2/3; more than 1/3 for round skipping),
// nil polkas, equivocation (reported as a conflict, counted once per value, bounded), duplicates,
// and the bound on rounds ahead.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressOf, signerFromSecret, type Signer } from '../crypto/index.ts';
import { toHex } from '../lib/index.ts';
import { voteSignBytes, voteTypes, type SignedVote, type Validator } from '../types/index.ts';
import { createVoteKeeper, valuesPerVoterMax, voteRoundsAheadMax } from './voteKeeper.ts';

const A = new Uint8Array(32).fill(0xaa);
const B = new Uint8Array(32).fill(0xbb);
const C = new Uint8Array(32).fill(0xcc);
const D = new Uint8Array(32).fill(0xdd);
const hexA = toHex(A);
const hexB = toHex(B);

function validators(powers: readonly number[]): { signers: Signer[]; set: Validator[] } {
  const signers = powers.map((_, i) => signerFromSecret('ed25519', new Uint8Array(32).fill(i + 1)));
  return {
    signers,
    set: signers.map((s, i) => ({
      address: addressOf(s.publicKey),
      publicKey: s.publicKey,
      power: powers[i] ?? 1,
    })),
  };
}

function makeVote(
  signer: Signer,
  type: 'prevote' | 'precommit',
  round: number,
  hash: Uint8Array | undefined,
  timeMs = 1000,
): SignedVote {
  const vote = {
    type: type === 'prevote' ? voteTypes.prevote : voteTypes.precommit,
    chainId: 'test',
    height: 1,
    round,
    blockHash: hash,
    timeMs,
    validator: addressOf(signer.publicKey),
  };
  return { vote, signature: signer.sign(voteSignBytes(vote)) };
}

test('+2/3 is strict: exactly two thirds of the power is not a polka', () => {
  const { signers, set } = validators([2, 1]);
  const keeper = createVoteKeeper(set);
  keeper.add(makeVote(signers[0]!, 'prevote', 0, A), 0);
  assert.equal(keeper.polka(0), undefined);
  assert.equal(keeper.polkaAny(0), false);
  keeper.add(makeVote(signers[1]!, 'prevote', 0, A), 0);
  assert.deepEqual(keeper.polka(0), { value: hexA });
  assert.equal(keeper.polkaAny(0), true);
});

test('thresholds count power, not validators', () => {
  // One validator with 7 of 10 power is +2/3 alone; the other three together are not.
  const { signers, set } = validators([7, 1, 1, 1]);
  const keeper = createVoteKeeper(set);
  for (const s of signers.slice(1)) keeper.add(makeVote(s, 'precommit', 0, A), 0);
  assert.equal(keeper.precommitQuorum(0), undefined);
  assert.equal(keeper.precommitAny(0), false);
  keeper.add(makeVote(signers[0]!, 'precommit', 0, A), 0);
  assert.deepEqual(keeper.precommitQuorum(0), { value: hexA });
  assert.equal(keeper.precommitAny(0), true);
});

test('a nil polka is a polka whose value is undefined; split votes are +2/3 for anything only', () => {
  const { signers, set } = validators([1, 1, 1, 1]);
  const nil = createVoteKeeper(set);
  for (const s of signers.slice(0, 3)) nil.add(makeVote(s, 'prevote', 2, undefined), 2);
  assert.deepEqual(nil.polka(2), { value: undefined });
  const split = createVoteKeeper(set);
  split.add(makeVote(signers[0]!, 'prevote', 0, A), 0);
  split.add(makeVote(signers[1]!, 'prevote', 0, B), 0);
  split.add(makeVote(signers[2]!, 'prevote', 0, undefined), 0);
  assert.equal(split.polka(0), undefined);
  assert.equal(split.polkaAny(0), true);
});

test('f+1: more than a third of the power in a higher round names the lowest such round', () => {
  const { signers, set } = validators([1, 1, 1, 1, 1, 1]);
  const keeper = createVoteKeeper(set);
  // Exactly one third (2 of 6) in round 5 is not enough.
  keeper.add(makeVote(signers[0]!, 'prevote', 5, A), 0);
  keeper.add(makeVote(signers[1]!, 'precommit', 5, undefined), 0);
  keeper.add(makeVote(signers[1]!, 'prevote', 5, undefined), 0); // same speaker, counted once
  assert.equal(keeper.skipRound(0), undefined);
  keeper.add(makeVote(signers[2]!, 'precommit', 5, undefined), 0);
  assert.equal(keeper.skipRound(0), 5);
  // A lower qualifying round is preferred; rounds at or below the current one never count.
  for (const s of signers.slice(3, 6)) keeper.add(makeVote(s, 'prevote', 3, undefined), 0);
  assert.equal(keeper.skipRound(0), 3);
  assert.equal(keeper.skipRound(3), 5);
  assert.equal(keeper.skipRound(5), undefined);
});

test('a second, different vote is a conflict that still counts towards its own value', () => {
  const { signers, set } = validators([1, 1, 1, 1]);
  const keeper = createVoteKeeper(set);
  const first = makeVote(signers[0]!, 'prevote', 0, undefined);
  assert.deepEqual(keeper.add(first, 0), { status: 'added' });
  const second = makeVote(signers[0]!, 'prevote', 0, A);
  const result = keeper.add(second, 0);
  assert.deepEqual(result, { status: 'conflict', existing: first, counted: true });
  // With two honest votes for A, the equivocator's vote for A completes the polka (3 of 4)...
  keeper.add(makeVote(signers[1]!, 'prevote', 0, A), 0);
  keeper.add(makeVote(signers[2]!, 'prevote', 0, A), 0);
  assert.deepEqual(keeper.polka(0), { value: hexA });
  // ...and is part of its proof; but it counts once towards "anything".
  assert.equal(keeper.prevotesFor(0, hexA).length, 3);
  assert.equal(keeper.polkaAny(0), true);
  const fresh = createVoteKeeper(set);
  fresh.add(first, 0);
  fresh.add(second, 0);
  fresh.add(makeVote(signers[1]!, 'prevote', 0, undefined), 0);
  assert.equal(fresh.polkaAny(0), false); // 2 validators of 4, whatever they said
});

test('an equivocator counts towards a bounded number of values; re-sending a vote is a duplicate', () => {
  const { signers, set } = validators([1, 1, 1, 1]);
  const keeper = createVoteKeeper(set);
  const votes = [A, B, C, D].map((v) => makeVote(signers[0]!, 'precommit', 1, v));
  const results = votes.map((v) => keeper.add(v, 1));
  assert.deepEqual(results[0], { status: 'added' });
  for (let i = 1; i < votes.length; i++) {
    assert.deepEqual(results[i], {
      status: 'conflict',
      existing: votes[0],
      counted: i < valuesPerVoterMax,
    });
  }
  assert.equal(keeper.add(makeVote(signers[0]!, 'precommit', 1, A), 1).status, 'duplicate');
  assert.equal(keeper.add(makeVote(signers[0]!, 'precommit', 1, B), 1).status, 'duplicate');
});

test('votes more than voteRoundsAheadMax rounds ahead, or from strangers, are ignored', () => {
  const { signers, set } = validators([1, 1]);
  const keeper = createVoteKeeper(set);
  assert.equal(
    keeper.add(makeVote(signers[0]!, 'prevote', 10 + voteRoundsAheadMax + 1, A), 10).status,
    'ignored',
  );
  assert.equal(
    keeper.add(makeVote(signers[0]!, 'prevote', 10 + voteRoundsAheadMax, A), 10).status,
    'added',
  );
  const stranger = signerFromSecret('ed25519', new Uint8Array(32).fill(0x77));
  assert.equal(keeper.add(makeVote(stranger, 'prevote', 0, A), 0).status, 'ignored');
});

test('precommitsFor and prevotesFor list the votes for a value in validator-set order', () => {
  const { signers, set } = validators([1, 1, 1]);
  const keeper = createVoteKeeper(set);
  keeper.add(makeVote(signers[2]!, 'precommit', 0, A), 0);
  keeper.add(makeVote(signers[1]!, 'precommit', 0, B), 0);
  keeper.add(makeVote(signers[0]!, 'precommit', 0, A), 0);
  const forA = keeper.precommitsFor(0, hexA).map((s) => toHex(s.vote.validator));
  assert.deepEqual(forA, [toHex(set[0]!.address), toHex(set[2]!.address)]);
  assert.deepEqual(keeper.prevotesFor(0, hexA), []);
  assert.equal(keeper.precommitsFor(0, hexB).length, 1);
  assert.deepEqual(keeper.rounds(), [0]);
});

test('contains recognises exactly the message already counted, not a re-signed one', () => {
  const { signers, set } = validators([1, 1]);
  const keeper = createVoteKeeper(set);
  const v = makeVote(signers[0]!, 'prevote', 0, A, 1000);
  keeper.add(v, 0);
  assert.equal(keeper.contains(v), true);
  assert.equal(keeper.contains(makeVote(signers[0]!, 'prevote', 0, A, 1001)), false);
  assert.equal(keeper.contains(makeVote(signers[0]!, 'precommit', 0, A, 1000)), false);
  assert.equal(keeper.contains(makeVote(signers[1]!, 'prevote', 0, A, 1000)), false);
});

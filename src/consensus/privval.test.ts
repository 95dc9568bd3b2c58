// The double-sign guard: it signs once per (height, round, step), refuses anything lower or
// conflicting, returns the first message again for an identical request, makes its record durable
// before a signature leaves, and keeps all of that across a restart over the same store.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encode } from '../codec/index.ts';
import { addressOf, signerFromSecret } from '../crypto/index.ts';
import {
  signedProposalCodec,
  signedVoteCodec,
  verifySignedVote,
  voteTypes,
  type Proposal,
  type Vote,
} from '../types/index.ts';
import type { LastSigned, LastSignedStore } from './ports.ts';
import { createGuardedSigner, signSteps } from './privval.ts';

const signer = signerFromSecret('ed25519', new Uint8Array(32).fill(9));
const address = addressOf(signer.publicKey);
const validator = { address, publicKey: signer.publicKey, power: 1 };
const A = new Uint8Array(32).fill(0xaa);
const B = new Uint8Array(32).fill(0xbb);

/** A store that keeps its record in memory (it survives a "restart": a new guard over it). */
function memoryStore(): LastSignedStore & { saves: LastSigned[] } {
  let record: LastSigned | undefined;
  const saves: LastSigned[] = [];
  return {
    saves,
    load: () => record,
    save(r) {
      record = r;
      saves.push(r);
      return Promise.resolve();
    },
  };
}

function vote(
  type: 'prevote' | 'precommit',
  height: number,
  round: number,
  hash: Uint8Array | undefined,
  timeMs = 1000,
): Vote {
  return {
    type: type === 'prevote' ? voteTypes.prevote : voteTypes.precommit,
    chainId: 'test',
    height,
    round,
    blockHash: hash,
    timeMs,
    validator: address,
  };
}

function proposal(height: number, round: number, hash: Uint8Array): Proposal {
  return { chainId: 'test', height, round, polRoundPlusOne: 0, blockHash: hash, proposer: address };
}

test('signs a first vote, with a valid signature, and records it durably', async () => {
  const store = memoryStore();
  const guard = createGuardedSigner(signer, store);
  const signed = await guard.signVote(vote('prevote', 5, 0, A));
  assert.ok(signed !== undefined && verifySignedVote(signed, validator));
  assert.deepEqual(store.load(), {
    height: 5,
    round: 0,
    step: signSteps.prevote,
    value: A,
    message: encode(signedVoteCodec, signed),
  });
  assert.equal(guard.lastSigned(), store.load());
});

test('refuses anything lower than the last signature: height, round or step', async () => {
  const guard = createGuardedSigner(signer, memoryStore());
  assert.ok(await guard.signVote(vote('precommit', 5, 2, A)));
  assert.equal(await guard.signVote(vote('prevote', 4, 9, A)), undefined); // lower height
  assert.equal(await guard.signVote(vote('precommit', 5, 1, A)), undefined); // lower round
  assert.equal(await guard.signVote(vote('prevote', 5, 2, A)), undefined); // lower step
  assert.equal(await guard.signProposal(proposal(5, 2, A)), undefined); // proposal < prevote
  assert.ok(await guard.signProposal(proposal(5, 3, A))); // higher is fine
});

test('refuses a conflicting value at the same height, round and step', async () => {
  const guard = createGuardedSigner(signer, memoryStore());
  assert.ok(await guard.signVote(vote('prevote', 5, 0, A)));
  assert.equal(await guard.signVote(vote('prevote', 5, 0, B)), undefined);
  assert.equal(await guard.signVote(vote('prevote', 5, 0, undefined)), undefined); // nil differs
  assert.ok(await guard.signProposal(proposal(6, 0, A)));
  assert.equal(await guard.signProposal(proposal(6, 0, B)), undefined);
});

test('an identical request returns the message signed the first time, without signing again', async () => {
  const store = memoryStore();
  const guard = createGuardedSigner(signer, store);
  const first = await guard.signVote(vote('precommit', 5, 1, A, 1000));
  // The same value later (another timestamp, as a WAL replay would ask): the first message.
  const again = await guard.signVote(vote('precommit', 5, 1, A, 2000));
  assert.deepEqual(again, first);
  assert.equal(store.saves.length, 1);
  const nil = await guard.signVote(vote('precommit', 6, 0, undefined, 1));
  assert.deepEqual(await guard.signVote(vote('precommit', 6, 0, undefined, 2)), nil);
  const p = await guard.signProposal(proposal(7, 0, A));
  assert.deepEqual(await guard.signProposal(proposal(7, 0, A)), p);
});

test('a restart over the same store keeps refusing and keeps returning the same message', async () => {
  const store = memoryStore();
  const before = createGuardedSigner(signer, store);
  const signed = await before.signVote(vote('prevote', 8, 3, A, 1000));
  const after = createGuardedSigner(signer, store); // a new process over the same record
  assert.equal(await after.signVote(vote('prevote', 8, 3, B)), undefined);
  assert.equal(await after.signVote(vote('prevote', 8, 2, A)), undefined);
  assert.deepEqual(await after.signVote(vote('prevote', 8, 3, A, 5000)), signed);
  assert.ok(await after.signVote(vote('precommit', 8, 3, A)));
  const p = await after.signProposal(proposal(9, 0, B));
  const third = createGuardedSigner(signer, store);
  assert.deepEqual(
    encode(signedProposalCodec, (await third.signProposal(proposal(9, 0, B)))!),
    encode(signedProposalCodec, p!),
  );
});

test('no signature leaves before its record is durable; a failed save signs nothing', async () => {
  let release: () => void = () => undefined;
  let record: LastSigned | undefined;
  const slow: LastSignedStore = {
    load: () => record,
    save: (r) =>
      new Promise((resolve) => {
        release = () => {
          record = r;
          resolve();
        };
      }),
  };
  const guard = createGuardedSigner(signer, slow);
  let done = false;
  const pending = guard.signVote(vote('prevote', 1, 0, A)).then((s) => {
    done = true;
    return s;
  });
  await new Promise((r) => setImmediate(r));
  assert.equal(done, false);
  release();
  assert.ok(await pending);

  const failing: LastSignedStore = {
    load: () => undefined,
    save: () => Promise.reject(new Error('disk full')),
  };
  const broken = createGuardedSigner(signer, failing);
  await assert.rejects(broken.signVote(vote('prevote', 1, 0, A)), /disk full/);
  assert.equal(broken.lastSigned(), undefined);
  // The guard still works after a failure (its queue is not stuck).
  await assert.rejects(broken.signVote(vote('prevote', 1, 0, A)), /disk full/);
});

test('concurrent requests are serialised: of two conflicting ones, only the first is signed', async () => {
  const guard = createGuardedSigner(signer, memoryStore());
  const [a, b] = await Promise.all([
    guard.signVote(vote('prevote', 3, 0, A)),
    guard.signVote(vote('prevote', 3, 0, B)),
  ]);
  assert.ok(a !== undefined);
  assert.equal(b, undefined);
});

// The chain application between two nodes: a block proposed on one is validated and committed by
// another over its own store with identical results; a block decided elsewhere commits without a
// prior check (block sync); a commit is one batch, all or nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { equalBytes, toHex } from '../lib/index.ts';
import type { KvStore, KvWrite } from '../ports/index.ts';
import { createMemoryKvStore } from '../state/index.ts';
import { txHash } from '../execution/index.ts';
import { signedTx, testAccount } from '../../test/support/chain.ts';
import {
  candidateAt,
  countingVerifier,
  openTestApp,
  proposeAndCommit,
  resignCommit,
  signCommit,
  testGenesis,
  testValidator,
} from '../../test/support/chainApp.ts';
import type { ChainApp, CommittedBlock } from './index.ts';

const alice = testAccount(1);
const bob = testAccount(2);
const validators = [0xa1, 0xa2, 0xa3, 0xa4].map((seed) => testValidator(seed, 10));
// 30 of 40: above two thirds.
const quorum = validators.slice(0, 3);
const genesis = testGenesis(validators, [alice, bob]);

const transfer = (nonce: number, amount = 5n): Uint8Array =>
  signedTx(alice, [{ type: 'transfer', to: bob.address, amount }], { nonce });

function sameChain(a: ChainApp, b: ChainApp): void {
  assert.deepEqual(a.tip(), b.tip());
  assert.equal(toHex(a.state.root), toHex(b.state.root));
  assert.equal(a.state.version, b.state.version);
}

test('a block proposed on one app validates and commits on another with identical roots', async () => {
  const a = await openTestApp(genesis);
  const verifier = countingVerifier();
  const b = await openTestApp(genesis, createMemoryKvStore(), verifier);
  const first = await proposeAndCommit(a, validators[0]!, quorum);
  await b.commitBlock(first.candidate, first.commit);
  sameChain(a, b);

  const raws = [transfer(0), transfer(1), transfer(2)];
  const admitted = await a.submitTxs(raws);
  assert.ok(admitted.every((r) => r.accepted));
  const candidate = await a.proposeBlock({
    proposer: validators[1]!.validator.address,
    lastCommit: a.commitAt(1),
    evidence: [],
  });
  assert.equal(candidate.block.txs.length, 3);
  const verdict = await b.validateBlock(candidate.bytes);
  assert.ok(verdict.ok, verdict.ok ? '' : verdict.reason);
  assert.ok(equalBytes(verdict.candidate.hash, candidate.hash));
  // b had none of the transactions: their signatures were verified, once, as one batch.
  assert.equal(verifier.checked(), 3);

  const commit = signCommit(genesis.chainId, candidate, quorum);
  await a.commitBlock(candidate, commit);
  await b.commitBlock(verdict.candidate, commit);
  assert.equal(verifier.checked(), 3, 'commit reuses the validated execution');
  sameChain(a, b);
  assert.equal(a.tip().height, 2);
  assert.equal(a.mempool.size, 0);
  for (const raw of raws) {
    assert.deepEqual(a.store.txLocation(txHash(raw)), b.store.txLocation(txHash(raw)));
  }
  assert.deepEqual(a.commitAt(2), commit);
  assert.ok(equalBytes(a.blockBytesAt(2)!, b.blockBytesAt(2)!));
  assert.deepEqual(a.validatorsAt(4), genesis.validators);
  assert.equal(a.validatorsAt(5), undefined);
});

test('every commit is announced once durable, whoever built the block', async () => {
  const a = await openTestApp(genesis);
  const b = await openTestApp(genesis);
  const seen: CommittedBlock[] = [];
  b.onCommitted((c) => {
    // Listeners run after the in-memory views advanced.
    assert.equal(b.tip().height, c.height);
    seen.push(c);
  });
  await proposeAndCommit(a, validators[0]!, quorum);
  await a.submitTxs([transfer(0)]);
  const second = await proposeAndCommit(a, validators[0]!, quorum);
  await b.commitBlock(candidateAt(a, 1), a.commitAt(1)!);
  await b.commitBlock(second.candidate, second.commit);
  assert.deepEqual(
    seen.map((c) => c.height),
    [1, 2],
  );
  const last = seen[1]!;
  assert.equal(last.receipts.length, 1);
  assert.equal(toHex(last.txHashes[0]!), toHex(txHash(transfer(0))));
  assert.equal(last.receipts[0]!.status, 0);
});

test('a block decided elsewhere commits without a prior check here (block sync)', async () => {
  const a = await openTestApp(genesis);
  await proposeAndCommit(a, validators[0]!, quorum);
  await a.submitTxs([transfer(0), transfer(1)]);
  const second = await proposeAndCommit(a, validators[2]!, quorum);

  const verifier = countingVerifier();
  const b = await openTestApp(genesis, createMemoryKvStore(), verifier);
  await b.commitBlock(candidateAt(a, 1), a.commitAt(1)!);
  await b.commitBlock(second.candidate, second.commit);
  sameChain(a, b);
  assert.equal(verifier.checked(), 2, 'the synced transactions were verified');

  // An invalid block or a commit without two thirds is refused, and nothing is written.
  await a.submitTxs([transfer(2)]);
  const third = await proposeAndCommit(a, validators[0]!, quorum);
  const rootBefore = toHex(b.state.root);
  const tampered = { ...third.candidate, bytes: third.candidate.bytes.slice(0, 100) };
  await assert.rejects(
    b.commitBlock(tampered, third.commit),
    (e: Error & { code?: string }) => e.code === 'invalid_block',
  );
  await assert.rejects(
    b.commitBlock(third.candidate, signCommit(genesis.chainId, third.candidate, quorum.slice(1))),
    (e: Error & { code?: string }) => e.code === 'invalid_commit',
  );
  assert.equal(b.tip().height, 2);
  assert.equal(toHex(b.state.root), rootBefore);
  await b.commitBlock(third.candidate, third.commit);
  sameChain(a, b);
});

/** A store whose next batch can be made to fail, counting batches. */
function faultyStore(inner: KvStore): {
  readonly kv: KvStore;
  failNext(): void;
  readonly batches: (readonly KvWrite[])[];
} {
  let fail = false;
  const batches: (readonly KvWrite[])[] = [];
  return {
    kv: {
      get: (key) => inner.get(key),
      range: (range) => inner.range(range),
      close: () => inner.close(),
      async writeBatch(writes) {
        batches.push(writes);
        if (fail) {
          fail = false;
          throw new Error('disk full');
        }
        await inner.writeBatch(writes);
      },
    },
    failNext: () => {
      fail = true;
    },
    batches,
  };
}

test('a commit is one batch, all or nothing: a failed write leaves the chain as it was', async () => {
  const inner = createMemoryKvStore();
  const store = faultyStore(inner);
  const a = await openTestApp(genesis, store.kv);
  const announced: number[] = [];
  a.onCommitted((c) => announced.push(c.height));
  await proposeAndCommit(a, validators[0]!, quorum);
  const batchesBefore = store.batches.length;
  await a.submitTxs([transfer(0), transfer(1)]);
  await proposeAndCommit(a, validators[0]!, quorum);
  assert.equal(store.batches.length, batchesBefore + 1, 'one block, one batch');

  await a.submitTxs([transfer(2)]);
  const tipBefore = a.tip();
  const rootBefore = toHex(a.state.root);
  const candidate = await a.proposeBlock({
    proposer: validators[0]!.validator.address,
    lastCommit: a.commitAt(tipBefore.height),
    evidence: [],
  });
  const commit = signCommit(genesis.chainId, candidate, quorum);
  store.failNext();
  await assert.rejects(a.commitBlock(candidate, commit), /disk full/);
  assert.deepEqual(a.tip(), tipBefore);
  assert.equal(toHex(a.state.root), rootBefore);
  assert.equal(a.mempool.size, 1, 'the transaction still waits');
  assert.deepEqual(announced, [1, 2]);
  // The store holds nothing of the failed block: a restart finds the previous tip.
  const reopened = await openTestApp(genesis, inner);
  assert.deepEqual(reopened.tip(), tipBefore);
  assert.equal(toHex(reopened.state.root), rootBefore);
  assert.equal(reopened.blockBytesAt(3), undefined);
  // The same decided block commits once the disk recovers.
  await a.commitBlock(candidate, commit);
  assert.equal(a.tip().height, 3);
  assert.deepEqual(announced, [1, 2, 3]);
  const after = await openTestApp(genesis, inner);
  sameChain(a, after);
});

test('calls that do not fit the tip are refused', async () => {
  const a = await openTestApp(genesis);
  const first = await proposeAndCommit(a, validators[0]!, quorum);
  const propose = (over: Partial<Parameters<ChainApp['proposeBlock']>[0]>) =>
    a.proposeBlock({
      proposer: validators[0]!.validator.address,
      lastCommit: a.commitAt(1),
      evidence: [],
      ...over,
    });
  // A last commit whose median is not after the tip's time (no honest commit is).
  const stale = resignCommit(genesis.chainId, first.commit, validators, a.tip().timeMs);
  await assert.rejects(propose({ lastCommit: stale }), /after/);
  await assert.rejects(propose({ proposer: alice.address }), /not a validator/);
  await assert.rejects(propose({ lastCommit: undefined }), /commit of block 1/);
  await assert.rejects(
    a.commitBlock(first.candidate, first.commit),
    (e: Error & { code?: string }) => e.code === 'block_out_of_order',
  );
});

test('a committed block drops pool entries whose nonce another transaction used', async () => {
  const a = await openTestApp(genesis);
  const b = await openTestApp(genesis);
  const first = await proposeAndCommit(a, validators[0]!, quorum);
  await b.commitBlock(first.candidate, first.commit);
  // Two transactions with nonce 0 from one sender, each admitted on a different node.
  const [onA] = await a.submitTxs([transfer(0, 5n)]);
  const [onB] = await b.submitTxs([transfer(0, 7n)]);
  assert.ok(onA!.accepted && onB!.accepted);
  const second = await proposeAndCommit(a, validators[1]!, quorum);
  await b.commitBlock(second.candidate, second.commit);
  sameChain(a, b);
  // b's own nonce-0 transfer can never be included; kept, it would block alice's nonce 1 here.
  assert.equal(b.mempool.size, 0);
  const [next] = await b.submitTxs([transfer(1)]);
  assert.ok(next!.accepted, JSON.stringify(next));
  assert.equal(b.mempool.size, 1);
});

test('a block of transactions already in the local pool is checked without verifying them again', async () => {
  const a = await openTestApp(genesis);
  const verifier = countingVerifier();
  const b = await openTestApp(genesis, createMemoryKvStore(), verifier);
  const first = await proposeAndCommit(a, validators[0]!, quorum);
  await b.commitBlock(first.candidate, first.commit);
  const raws = [transfer(0), transfer(1)];
  await a.submitTxs(raws);
  // b admits one of the two (verified once, by admission); the other arrives only in the block.
  await b.submitTxs([raws[0]!]);
  assert.equal(verifier.checked(), 1);
  const candidate = await a.proposeBlock({
    proposer: validators[1]!.validator.address,
    lastCommit: a.commitAt(1),
    evidence: [],
  });
  const verdict = await b.validateBlock(candidate.bytes);
  assert.ok(verdict.ok, verdict.ok ? '' : verdict.reason);
  assert.equal(verifier.checked(), 2, 'only the transaction b had not admitted was verified');
  await b.commitBlock(verdict.candidate, signCommit(genesis.chainId, candidate, quorum));
  assert.equal(b.tip().height, 2);
  assert.equal(b.mempool.size, 0);
});

test('block operations called without waiting run one at a time, in call order', async () => {
  const a = await openTestApp(genesis);
  const b = await openTestApp(genesis);
  const first = await proposeAndCommit(a, validators[0]!, quorum);
  const second = await proposeAndCommit(a, validators[1]!, quorum);
  // Block sync and consensus share one app and do not wait for each other: a validation, two
  // commits and a proposal started at once must each see the chain the calls before them left.
  const [verdict, , , proposed] = await Promise.all([
    b.validateBlock(first.candidate.bytes),
    b.commitBlock(first.candidate, first.commit),
    b.commitBlock(second.candidate, second.commit),
    b.proposeBlock({
      proposer: validators[2]!.validator.address,
      lastCommit: second.commit,
      evidence: [],
    }),
  ]);
  assert.ok(verdict.ok);
  assert.equal(b.tip().height, 2);
  sameChain(a, b);
  assert.equal(proposed.block.header.height, 3);
  assert.ok(equalBytes(proposed.block.header.prevHash, second.candidate.hash));
});

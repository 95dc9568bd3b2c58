// Every way a proposed block can be wrong is a verdict with a reason, never an exception, and
// leaves the validating app exactly as it was.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listRoot } from '../crypto/index.ts';
import { toHex } from '../lib/index.ts';
import { createMemoryKvStore } from '../state/index.ts';
import {
  commitHash,
  encodeBlock,
  encodeEvidence,
  type Block,
  type Header,
} from '../types/index.ts';
import { txHash } from '../execution/index.ts';
import { signedTx, testAccount } from '../../test/support/chain.ts';
import {
  candidateAt,
  countingVerifier,
  equivocation,
  openTestApp,
  proposeAndCommit,
  signCommit,
  testGenesis,
  testValidator,
} from '../../test/support/chainApp.ts';
import { evidenceHash, type ChainApp } from './index.ts';

const alice = testAccount(1);
const bob = testAccount(2);
const validators = [0xb1, 0xb2, 0xb3, 0xb4].map((seed) => testValidator(seed, 10));
const quorum = validators.slice(0, 3);
const outsider = testValidator(0xbf, 10);
const genesis = testGenesis(validators, [alice, bob]);

const transfer = (nonce: number): Uint8Array =>
  signedTx(alice, [{ type: 'transfer', to: bob.address, amount: 7n }], { nonce });

/** Two apps at height 1 and a valid block 2 proposed by the first (with two transactions). */
async function setup(): Promise<{ a: ChainApp; b: ChainApp; block: Block }> {
  const a = await openTestApp(genesis);
  const b = await openTestApp(genesis, createMemoryKvStore(), countingVerifier());
  const first = await proposeAndCommit(a, validators[0]!, quorum);
  await b.commitBlock(first.candidate, first.commit);
  await a.submitTxs([transfer(0), transfer(1)]);
  const candidate = await a.proposeBlock({
    proposer: validators[1]!.validator.address,
    lastCommit: a.commitAt(1),
    evidence: [],
  });
  return { a, b, block: candidate.block };
}

const withHeader = (block: Block, patch: Partial<Header>): Block => ({
  ...block,
  header: { ...block.header, ...patch },
});

// Replaces the transactions and fixes the tx root, so the check that fails is the intended one.
const withTxs = (block: Block, txs: readonly Uint8Array[]): Block => ({
  ...withHeader(block, { txRoot: listRoot(txs.map(txHash)) }),
  txs,
});

// Replaces the evidence and fixes the evidence root.
const withEvidence = (block: Block, evidence: readonly Uint8Array[]): Block => ({
  ...withHeader(block, { evidenceRoot: listRoot(evidence.map(evidenceHash)) }),
  evidence,
});

async function rejects(
  app: ChainApp,
  bytes: Uint8Array,
  reason: RegExp,
  name = String(reason),
): Promise<void> {
  const before = { tip: app.tip(), root: toHex(app.state.root) };
  const verdict = await app.validateBlock(bytes);
  if (verdict.ok) assert.fail(`${name}: expected a rejection`);
  assert.match(verdict.reason, reason, name);
  assert.deepEqual(app.tip(), before.tip);
  assert.equal(toHex(app.state.root), before.root);
}

test('the unmodified block is valid (the baseline of the cases below)', async () => {
  const { b, block } = await setup();
  const verdict = await b.validateBlock(encodeBlock(block));
  assert.ok(verdict.ok, verdict.ok ? '' : verdict.reason);
});

test('header fields that do not follow the tip are rejected with a reason', async () => {
  const { b, block } = await setup();
  const h = block.header;
  const cases: [string, Block, RegExp][] = [
    [
      'tampered state root',
      withHeader(block, { stateRoot: new Uint8Array(32).fill(7) }),
      /stateRoot/,
    ],
    [
      'tampered receipts root',
      withHeader(block, { receiptsRoot: new Uint8Array(32) }),
      /receiptsRoot/,
    ],
    ['wrong prev hash', withHeader(block, { prevHash: new Uint8Array(32).fill(1) }), /prevHash/],
    ['wrong chain id', withHeader(block, { chainId: 'other-chain' }), /chain id/],
    ['wrong height', withHeader(block, { height: 3 }), /height 3 is not 2/],
    ['wrong version', withHeader(block, { version: 9 }), /version/],
    ['time not after the tip', withHeader(block, { timeMs: b.tip().timeMs }), /time/],
    [
      'proposer outside the set',
      withHeader(block, { proposer: outsider.validator.address }),
      /proposer/,
    ],
    [
      'wrong validators hash',
      withHeader(block, { validatorsHash: h.nextValidatorsHash.map((x) => x ^ 1) }),
      /validatorsHash/,
    ],
    [
      'wrong next validators hash',
      withHeader(block, { nextValidatorsHash: new Uint8Array(32) }),
      /nextValidatorsHash/,
    ],
    ['tx root mismatch', { ...block, txs: block.txs.slice(1) }, /txRoot/],
    [
      'evidence root mismatch',
      withHeader(block, { evidenceRoot: new Uint8Array(32) }),
      /evidenceRoot/,
    ],
  ];
  for (const [name, bad, reason] of cases) await rejects(b, encodeBlock(bad), reason, name);
  await rejects(b, encodeBlock(block).subarray(0, 200), /does not decode/);
  await rejects(b, new Uint8Array([1, 2, 3]), /does not decode/);
});

test('a last commit that does not match or does not verify is rejected', async () => {
  const { b, block } = await setup();
  const good = block.lastCommit!;
  const withLastCommit = (commit: typeof good): Block => ({
    ...withHeader(block, { lastCommitHash: commitHash(commit) }),
    lastCommit: commit,
  });
  const flipped = good.signatures.map((s, i) =>
    i === 0
      ? {
          ...s,
          signature: {
            ...s.signature,
            bytes: s.signature.bytes.map((x, j) => (j === 0 ? x ^ 1 : x)),
          },
        }
      : s,
  );
  await rejects(
    b,
    encodeBlock(withLastCommit({ ...good, signatures: flipped })),
    /last commit does not verify: bad precommit signature/,
  );
  const tooFew = signCommit(genesis.chainId, candidateAt(b, 1), quorum.slice(0, 2));
  await rejects(b, encodeBlock(withLastCommit(tooFew)), /not above 2\/3/);
  await rejects(
    b,
    encodeBlock(withHeader(block, { lastCommitHash: new Uint8Array(32).fill(3) })),
    /lastCommitHash/,
  );
  await rejects(b, encodeBlock({ ...block, lastCommit: undefined }), /last commit is missing/);
  await rejects(b, encodeBlock(withLastCommit({ ...good, height: 2 })), /for height 2/);
});

test('transactions: a bad signature (not admitted here), stateless failures and stale nonces', async () => {
  const { a, b, block } = await setup();
  const forged = block.txs[0]!.slice();
  forged[forged.length - 1]! ^= 1;
  await rejects(
    b,
    encodeBlock(withTxs(block, [forged, block.txs[1]!])),
    /transaction 0 has an invalid signature/,
  );
  // The same transaction twice: the second fails execution's nonce rule.
  await rejects(
    b,
    encodeBlock(withTxs(block, [block.txs[0]!, block.txs[0]!])),
    /may not be included/,
  );
  // A nonce gap: transaction 1 without transaction 0.
  await rejects(b, encodeBlock(withTxs(block, [block.txs[1]!])), /may not be included/);
  const wrongChain = signedTx(alice, [{ type: 'transfer', to: bob.address, amount: 1n }], {
    nonce: 0,
    chainId: 'x',
  });
  await rejects(b, encodeBlock(withTxs(block, [wrongChain])), /wrong_chain_id/);
  await rejects(
    b,
    encodeBlock(withTxs(block, [new Uint8Array(10)])),
    /transaction 0 does not decode/,
  );
  // On the proposer the same forged bytes are not in the mempool either: verified, rejected.
  await rejects(a, encodeBlock(withTxs(block, [forged, block.txs[1]!])), /invalid signature/);
});

test('evidence: bad signature, non-validator, repeated, committed, or too new is rejected', async () => {
  const { a, b, block } = await setup();
  const good = equivocation(validators[3]!, 1);
  const goodBytes = encodeEvidence(good);
  const badSig = encodeEvidence({
    ...good,
    voteB: {
      ...good.voteB,
      signature: {
        ...good.voteB.signature,
        bytes: good.voteB.signature.bytes.map((x, i) => (i === 5 ? x ^ 1 : x)),
      },
    },
  });
  await rejects(b, encodeBlock(withEvidence(block, [badSig])), /signature does not verify/);
  await rejects(
    b,
    encodeBlock(withEvidence(block, [encodeEvidence(equivocation(outsider, 1))])),
    /was not a validator/,
  );
  await rejects(b, encodeBlock(withEvidence(block, [goodBytes, goodBytes])), /repeats/);
  await rejects(
    b,
    encodeBlock(withEvidence(block, [encodeEvidence(equivocation(validators[3]!, 3))])),
    /height 3/,
  );
  await rejects(
    b,
    encodeBlock(withEvidence(block, [encodeEvidence(equivocation(validators[3]!, 1, 'x'))])),
    /another chain|chain "x"/,
  );
  await rejects(b, encodeBlock(withEvidence(block, [new Uint8Array([9])])), /does not decode/);

  // Valid evidence is proposed, validated, committed, and then never accepted again.
  const withGood = await a.proposeBlock({
    proposer: validators[0]!.validator.address,
    lastCommit: a.commitAt(1),
    evidence: [good, good, equivocation(outsider, 1)],
  });
  assert.equal(withGood.block.evidence.length, 1, 'repeated and invalid evidence is left out');
  const verdict = await b.validateBlock(withGood.bytes);
  assert.ok(verdict.ok, verdict.ok ? '' : verdict.reason);
  const commit = signCommit(genesis.chainId, withGood, quorum);
  await a.commitBlock(withGood, commit);
  await b.commitBlock(verdict.candidate, commit);
  assert.ok(b.isEvidenceCommitted(good));
  const next = await a.proposeBlock({
    proposer: validators[0]!.validator.address,
    lastCommit: a.commitAt(2),
    evidence: [good],
  });
  assert.equal(next.block.evidence.length, 0, 'committed evidence is not proposed again');
  await rejects(b, encodeBlock(withEvidence(next.block, [goodBytes])), /already committed/);
});

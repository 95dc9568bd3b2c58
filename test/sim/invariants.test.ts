// The checker fails when it should: each invariant, fed a violation directly, reports it (the
// fork test shows the same for agreement end to end, through a real fork).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createChainApp, inlineVerifier, type CommittedBlock } from '../../src/chain/index.ts';
import type { ConsensusMessage } from '../../src/consensus/index.ts';
import { addressOf } from '../../src/crypto/index.ts';
import { silentLogger } from '../support/silentLogger.ts';
import { createMemoryKvStore } from '../../src/state/index.ts';
import {
  blockHash,
  protocolVersion,
  voteSignBytes,
  voteTypes,
  zeroHash,
} from '../../src/types/index.ts';
import { createChecker, ViolationError } from './invariants.ts';
import { simSigner } from './txStream.ts';

const key = simSigner('validator-0');
const address = addressOf(key.publicKey);

async function checker(): Promise<ReturnType<typeof createChecker>> {
  const reference = await createChainApp({
    kv: createMemoryKvStore(),
    genesis: {
      chainId: 'sim-chain',
      genesisTimeMs: 1,
      validators: [{ address, publicKey: key.publicKey, power: 1 }],
      accounts: [],
      params: { minGasPrice: 1n, blockTxsMax: 10 },
    },
    mempool: { txsMax: 10, bytesMax: 1024 },
    verifier: inlineVerifier,
    logger: silentLogger,
  });
  return createChecker(reference);
}

function committed(height: number, tag: number): CommittedBlock {
  const header = {
    version: protocolVersion,
    chainId: 'sim-chain',
    height,
    timeMs: 10 + tag,
    prevHash: zeroHash,
    lastCommitHash: zeroHash,
    txRoot: zeroHash,
    receiptsRoot: zeroHash,
    evidenceRoot: zeroHash,
    stateRoot: new Uint8Array(32).fill(tag),
    validatorsHash: zeroHash,
    nextValidatorsHash: zeroHash,
    proposer: address,
  };
  const hash = blockHash(header);
  return {
    height,
    hash,
    block: { header, txs: [], lastCommit: undefined, evidence: [] },
    commit: { height, round: 0, blockHash: hash, signatures: [] },
    receipts: [],
    txHashes: [],
  };
}

function prevote(hash: Uint8Array | undefined, timeMs = 1): ConsensusMessage {
  const vote = {
    type: voteTypes.prevote,
    chainId: 'sim-chain',
    height: 1,
    round: 0,
    blockHash: hash,
    timeMs,
    validator: address,
  };
  return { kind: 'vote', signed: { vote, signature: key.sign(voteSignBytes(vote)) } };
}

async function violationOf(c: ReturnType<typeof createChecker>): Promise<string> {
  try {
    await c.afterEvent();
  } catch (error) {
    if (error instanceof ViolationError) return error.violation.invariant;
    throw error;
  }
  return 'none';
}

test('agreement: two different blocks at one height are reported', async () => {
  const c = await checker();
  const a = committed(1, 1);
  c.committed('v0', a, a.block.header.stateRoot);
  const b = committed(1, 2);
  c.committed('v1', b, b.block.header.stateRoot);
  assert.equal(await violationOf(c), 'agreement');
});

test('validity: a header whose state root is not the node state root is reported', async () => {
  const c = await checker();
  const a = committed(1, 1);
  c.committed('v0', a, new Uint8Array(32).fill(9));
  assert.equal(await violationOf(c), 'validity');
});

test('validity: a finalised block the reference application rejects is reported', async () => {
  const c = await checker();
  const a = committed(1, 1); // no valid roots, no commit signatures
  c.committed('v0', a, a.block.header.stateRoot);
  assert.equal(await violationOf(c), 'validity');
});

test('state: a running node whose state root differs from the finalised one is reported', async () => {
  const c = await checker();
  const a = committed(1, 1);
  c.committed('v0', a, a.block.header.stateRoot);
  c.tips([{ node: 'v0', height: 1, root: a.block.header.stateRoot }]);
  assert.equal(await violationOf(c), 'validity'); // the fake block fails the reference replay...
  const d = await checker();
  d.committed('v0', a, a.block.header.stateRoot);
  d.tips([{ node: 'v1', height: 1, root: new Uint8Array(32).fill(7) }]);
  assert.equal(d.violation()?.invariant, 'state'); // ...but the root check comes first here
});

test('double-sign: two different signed votes of an honest validator for one step are reported', async () => {
  const c = await checker();
  c.sent('v0', true, prevote(new Uint8Array(32).fill(1)));
  c.sent('v0', true, prevote(new Uint8Array(32).fill(1))); // the same message again is fine
  assert.equal(await violationOf(c), 'none');
  c.sent('v0', true, prevote(undefined));
  assert.equal(await violationOf(c), 'double-sign');
});

test('double-sign: a re-signed vote (same value, new time) is a different message', async () => {
  const c = await checker();
  c.sent('v0', true, prevote(undefined, 1));
  c.sent('v0', true, prevote(undefined, 2));
  assert.equal(await violationOf(c), 'double-sign');
});

test('Byzantine and twin keys may equivocate without the checker blaming honest nodes', async () => {
  const c = await checker();
  c.sent('v0', false, prevote(new Uint8Array(32).fill(1)));
  c.sent('v0b', false, prevote(undefined));
  assert.equal(await violationOf(c), 'none');
});

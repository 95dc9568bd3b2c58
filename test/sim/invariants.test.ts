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
const twinKey = simSigner('validator-1');
/** How the checker knows node v0: honest, signing with validator 0's key. */
const v0 = { honest: true, address };

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
  return createChecker(reference, [key.publicKey, twinKey.publicKey]);
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

function prevote(hash: Uint8Array | undefined, timeMs = 1, signer = key): ConsensusMessage {
  const vote = {
    type: voteTypes.prevote,
    chainId: 'sim-chain',
    height: 1,
    round: 0,
    blockHash: hash,
    timeMs,
    validator: addressOf(signer.publicKey),
  };
  return { kind: 'vote', signed: { vote, signature: signer.sign(voteSignBytes(vote)) } };
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
  c.sent('v0', v0, prevote(new Uint8Array(32).fill(1)));
  c.sent('v0', v0, prevote(new Uint8Array(32).fill(1))); // the same message again is fine
  assert.equal(await violationOf(c), 'none');
  c.sent('v0', v0, prevote(undefined));
  assert.equal(await violationOf(c), 'double-sign');
});

test('double-sign: a re-signed vote (same value, new time) is a different message', async () => {
  const c = await checker();
  c.sent('v0', v0, prevote(undefined, 1));
  c.sent('v0', v0, prevote(undefined, 2));
  assert.equal(await violationOf(c), 'double-sign');
});

test('Byzantine and twin keys may equivocate without the checker blaming honest nodes', async () => {
  const c = await checker();
  c.sent('v0', { ...v0, honest: false }, prevote(new Uint8Array(32).fill(1)));
  c.sent('v0b', { ...v0, honest: false }, prevote(undefined));
  assert.equal(await violationOf(c), 'none');
});

// Seeds 108536 and 108754 of the 10,000-seed sweep: honest nodes relay the prevotes of a round's
// proof of lock, twins' two conflicting votes included, and the checker blamed the relaying node.
test('an honest node relaying the two conflicting votes of twins is not blamed for them', async () => {
  const c = await checker();
  c.sent('v0', v0, prevote(new Uint8Array(32).fill(1), 1, twinKey));
  c.sent('v3', { honest: true, address: new Uint8Array(20) }, prevote(undefined, 2, twinKey));
  c.sent('v0', v0, prevote(undefined, 3, twinKey));
  assert.equal(await violationOf(c), 'none');
  // What v0 signed itself is still held against it.
  c.sent('v0', v0, prevote(new Uint8Array(32).fill(1)));
  c.sent('v4', { honest: true, address: new Uint8Array(20) }, prevote(undefined));
  assert.equal(await violationOf(c), 'none');
  c.sent('v0', v0, prevote(undefined));
  assert.equal(await violationOf(c), 'double-sign');
});

test('relay: an honest node relaying a vote whose signature does not verify is reported', async () => {
  const c = await checker();
  const relayed = prevote(undefined, 1, twinKey);
  if (relayed.kind !== 'vote') throw new Error('a prevote is a vote');
  const forged: ConsensusMessage = {
    kind: 'vote',
    signed: { vote: { ...relayed.signed.vote, timeMs: 2 }, signature: relayed.signed.signature },
  };
  c.sent('v0', v0, forged);
  assert.equal(await violationOf(c), 'relay');
});

test('time: a block whose time is outside what the right clocks read is reported', async () => {
  const reference = await createChainApp({
    kv: createMemoryKvStore(),
    genesis: {
      chainId: 'sim-chain',
      genesisTimeMs: 10,
      validators: [{ address, publicKey: key.publicKey, power: 1 }],
      accounts: [],
      params: { minGasPrice: 1n, blockTxsMax: 10 },
    },
    mempool: { txsMax: 10, bytesMax: 1024 },
    verifier: inlineVerifier,
    logger: silentLogger,
  });
  let now = 1_000;
  const time = { nowMs: () => now, startMs: 1_000, genesisTimeMs: 10, minSkewMs: -5, maxSkewMs: 5 };
  const at = (height: number, timeMs: number): CommittedBlock => {
    const c = committed(height, height);
    return { ...c, block: { ...c.block, header: { ...c.block.header, timeMs } } };
  };
  const inRange = createChecker(reference, [key.publicKey], time);
  inRange.committed('v0', at(1, 10), new Uint8Array(32).fill(1));
  now = 2_000;
  inRange.committed('v0', at(2, 1_500), new Uint8Array(32).fill(2));
  assert.equal(inRange.violation(), undefined);
  const genesisOff = createChecker(reference, [key.publicKey], time);
  genesisOff.committed('v0', at(1, 11), new Uint8Array(32).fill(1));
  assert.equal(genesisOff.violation()?.invariant, 'time');
  const ahead = createChecker(reference, [key.publicKey], time);
  ahead.committed('v0', at(1, 10), new Uint8Array(32).fill(1));
  ahead.committed('v0', at(2, 2_000 + 5 + 2 + 1), new Uint8Array(32).fill(2));
  assert.equal(ahead.violation()?.invariant, 'time');
  const behind = createChecker(reference, [key.publicKey], time);
  behind.committed('v0', at(1, 10), new Uint8Array(32).fill(1));
  behind.committed('v0', at(2, 1_000 - 5 - 1), new Uint8Array(32).fill(2));
  assert.equal(behind.violation()?.invariant, 'time');
});

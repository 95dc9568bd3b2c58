// The driver over fake ports and a fake application: what must hold around crashes and restarts
// (found by the simulator in test/sim), and the liveness helpers. Validator v0 runs the driver;
// the test plays v1..v3 by signing their proposals and votes itself.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressOf, signerFromSecret, type Signer } from '../crypto/index.ts';
import { equalBytes, toHex } from '../lib/index.ts';
import { silentLogger } from '../../test/support/silentLogger.ts';
import {
  blockHash,
  decodeBlock,
  encodeBlock,
  proposalSignBytes,
  protocolVersion,
  voteSignBytes,
  voteTypes,
  zeroHash,
  type Validator,
} from '../types/index.ts';
import type { Application, BlockCandidate } from './application.ts';
import { defaultConsensusConfig } from './config.ts';
import { createDriver } from './driver.ts';
import type { Driver } from './driverTypes.ts';
import type { ConsensusMessage } from './messages.ts';
import type { TimerHandle } from '../ports/index.ts';
import type { ConsensusWal, LastSigned, LastSignedStore } from './ports.ts';
import { proposerAt } from './proposer.ts';
import { encodeWalEntry } from './walEntry.ts';

const chainId = 'test';
const signers: Signer[] = [0, 1, 2, 3].map((i) =>
  signerFromSecret('ed25519', new Uint8Array(32).fill(0x40 + i)),
);
const validators: Validator[] = signers.map((s) => ({
  address: addressOf(s.publicKey),
  publicKey: s.publicKey,
  power: 10,
}));
const config = { ...defaultConsensusConfig, clockDriftMaxMs: 1_000_000 };

function block(height: number, tag: number, proposer: Uint8Array): BlockCandidate {
  const header = {
    version: protocolVersion,
    chainId,
    height,
    timeMs: 1_000 + tag,
    prevHash: zeroHash,
    lastCommitHash: zeroHash,
    txRoot: zeroHash,
    receiptsRoot: zeroHash,
    evidenceRoot: zeroHash,
    stateRoot: new Uint8Array(32).fill(tag),
    validatorsHash: zeroHash,
    nextValidatorsHash: zeroHash,
    proposer,
  };
  const b = { header, txs: [], lastCommit: undefined, evidence: [] };
  return { block: b, hash: blockHash(header), bytes: encodeBlock(b) };
}

/** An application that accepts any block of the next height and commits what it is given. */
function fakeApp(): Application & { committed: BlockCandidate[] } {
  const committed: BlockCandidate[] = [];
  let built = 0;
  return {
    chainId,
    committed,
    tip: () => ({
      height: committed.length,
      hash: committed.at(-1)?.hash,
      timeMs: committed.at(-1)?.block.header.timeMs ?? 0,
    }),
    validatorsAt: () => validators,
    proposeBlock: (input) =>
      Promise.resolve(block(committed.length + 1, 100 + built++, input.proposer)),
    validateBlock(bytes) {
      const decoded = decodeBlock(bytes);
      if (decoded.header.height !== committed.length + 1)
        return Promise.resolve({ ok: false, reason: 'wrong height' });
      return Promise.resolve({
        ok: true,
        candidate: { block: decoded, hash: blockHash(decoded.header), bytes },
      });
    },
    commitBlock(candidate) {
      committed.push(candidate);
      return Promise.resolve();
    },
    commitAt: () => undefined,
    blockBytesAt: () => undefined,
    isEvidenceCommitted: () => false,
    hasPendingTxs: () => true,
  };
}

/** Timers on a manual clock. */
function fakeTimers(): {
  nowMs(): number;
  schedule(delayMs: number, fire: () => void): TimerHandle;
  advance(ms: number): Promise<void>;
} {
  let now = 0;
  let seq = 0;
  const pending: { at: number; seq: number; fire: () => void; cancelled: boolean }[] = [];
  return {
    nowMs: () => now,
    schedule(delayMs, fire) {
      const t = { at: now + delayMs, seq: seq++, fire, cancelled: false };
      pending.push(t);
      return { cancel: () => (t.cancelled = true) };
    },
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        pending.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = pending[0];
        if (next === undefined || next.at > end) break;
        pending.shift();
        now = next.at;
        if (!next.cancelled) next.fire();
        await settle();
      }
      now = end;
    },
  };
}

/** A WAL in memory; `crash()` keeps the synced prefix only; `holdSyncs` delays synced appends. */
function memoryWal(): ConsensusWal & {
  entries: Uint8Array[];
  crash(): void;
  holdSyncs: boolean;
  releaseSyncs(): void;
} {
  let durable = 0;
  let held: (() => void)[] = [];
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };
  const wal = {
    entries: [] as Uint8Array[],
    holdSyncs: false,
    append: (entry: Uint8Array, sync: boolean) =>
      serial(() => {
        wal.entries.push(entry);
        if (!sync) return Promise.resolve();
        const upTo = wal.entries.length;
        const done = (): void => {
          durable = Math.max(durable, upTo);
        };
        if (!wal.holdSyncs) {
          done();
          return Promise.resolve();
        }
        return new Promise<void>((resolve) => {
          held.push(() => {
            done();
            resolve();
          });
        });
      }),
    read: () => serial(() => Promise.resolve([...wal.entries])),
    reset: () =>
      serial(() => {
        wal.entries = [];
        durable = 0;
        return Promise.resolve();
      }),
    crash() {
      wal.entries = wal.entries.slice(0, durable);
    },
    releaseSyncs() {
      const release = held;
      held = [];
      for (const r of release) r();
    },
  };
  return wal;
}

function memoryLastSigned(): LastSignedStore {
  let record: LastSigned | undefined;
  return {
    load: () => record,
    save: (r) => {
      record = r;
      return Promise.resolve();
    },
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

/** One node (v0) with its durable stores, which survive `restart()`. */
function node() {
  const app = fakeApp();
  const wal = memoryWal();
  const lastSigned = memoryLastSigned();
  const sent: ConsensusMessage[] = [];
  let timers = fakeTimers();
  let driver: Driver | undefined;
  const boot = async (): Promise<Driver> => {
    timers = fakeTimers();
    const d = createDriver({
      app,
      signer: signers[0],
      timers: { nowMs: () => timers.nowMs(), schedule: (ms, fire) => timers.schedule(ms, fire) },
      network: {
        broadcast: (m) => sent.push(m),
        sendTo: (_peer, m) => sent.push(m),
      },
      wal,
      lastSigned,
      config,
      logger: silentLogger,
    });
    driver = d;
    await d.start();
    await settle();
    return d;
  };
  return {
    app,
    wal,
    sent,
    boot,
    driver: () => driver!,
    advance: (ms: number) => timers.advance(ms),
    async restart(): Promise<Driver> {
      await driver?.stop();
      wal.crash();
      sent.length = 0;
      return boot();
    },
    async receive(from: number, message: ConsensusMessage): Promise<void> {
      driver!.receive(`v${from}`, message);
      await settle();
    },
  };
}

function proposalFrom(
  from: number,
  height: number,
  round: number,
  candidate: BlockCandidate,
  polRound = -1,
): ConsensusMessage {
  const proposal = {
    chainId,
    height,
    round,
    polRoundPlusOne: polRound + 1,
    blockHash: candidate.hash,
    proposer: validators[from]!.address,
  };
  const signed = { proposal, signature: signers[from]!.sign(proposalSignBytes(proposal)) };
  return { kind: 'proposal', signed, block: candidate.bytes };
}

function voteFrom(
  from: number,
  type: 'prevote' | 'precommit',
  height: number,
  round: number,
  hash: Uint8Array | undefined,
): ConsensusMessage {
  const vote = {
    type: type === 'prevote' ? voteTypes.prevote : voteTypes.precommit,
    chainId,
    height,
    round,
    blockHash: hash,
    timeMs: 5,
    validator: validators[from]!.address,
  };
  return { kind: 'vote', signed: { vote, signature: signers[from]!.sign(voteSignBytes(vote)) } };
}

/** v0's own votes among what it sent. */
function ownVotes(sent: readonly ConsensusMessage[], type: 'prevote' | 'precommit', round: number) {
  const code = type === 'prevote' ? voteTypes.prevote : voteTypes.precommit;
  return sent.flatMap((m) =>
    m.kind === 'vote' &&
    m.signed.vote.type === code &&
    m.signed.vote.round === round &&
    equalBytes(m.signed.vote.validator, validators[0]!.address)
      ? [m.signed]
      : [],
  );
}

const hexOf = (hash: Uint8Array | undefined): string => (hash === undefined ? 'nil' : toHex(hash));

// At height 1 the proposers of rounds 0, 1, 2, 3 are v1, v2, v3, v0 (equal powers, slot h + r).
test('the fixture: proposers at height 1 are v1, v2, v3, v0 for rounds 0..3', () => {
  const order = [0, 1, 2, 3].map((r) => validators.indexOf(proposerAt(validators, 1, r)));
  assert.deepEqual(order, [1, 2, 3, 0]);
});

/** Brings v0 to a lock on block X in round 0 of height 1 (it prevoted and precommitted X). */
async function lockOnX(n: ReturnType<typeof node>): Promise<BlockCandidate> {
  const x = block(1, 1, validators[1]!.address);
  await n.receive(1, proposalFrom(1, 1, 0, x));
  await n.receive(1, voteFrom(1, 'prevote', 1, 0, x.hash));
  await n.receive(2, voteFrom(2, 'prevote', 1, 0, x.hash));
  assert.equal(n.driver().status().lockedRound, 0);
  assert.deepEqual(
    ownVotes(n.sent, 'precommit', 0).map((s) => hexOf(s.vote.blockHash)),
    [toHex(x.hash)],
  );
  return x;
}

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

test('equivocation becomes evidence, announced again on every rebroadcast until committed', async () => {
  const n = node();
  await n.boot();
  const x = block(1, 1, validators[1]!.address);
  await n.receive(3, voteFrom(3, 'prevote', 1, 0, x.hash));
  await n.receive(3, voteFrom(3, 'prevote', 1, 0, undefined));
  assert.equal(n.driver().pendingEvidence().length, 1);
  const announced = (): number => n.sent.filter((m) => m.kind === 'evidence').length;
  assert.equal(announced(), 1);
  await n.advance(config.rebroadcastMs);
  assert.equal(announced(), 2);
});

test('a vote already counted is not checked again; a forged copy of it is still refused', async () => {
  const n = node();
  await n.boot();
  const x = block(1, 1, validators[1]!.address);
  const good = voteFrom(1, 'prevote', 1, 0, x.hash);
  await n.receive(1, good);
  assert.ok(good.kind === 'vote');
  // Same vote, another signature: not the counted message, so it is verified (and fails).
  const forged: ConsensusMessage = {
    kind: 'vote',
    signed: {
      vote: { ...good.signed.vote, blockHash: undefined },
      signature: good.signed.signature,
    },
  };
  await n.receive(1, forged);
  assert.equal(n.driver().pendingEvidence().length, 0); // a bad signature is no evidence
});

test('a propose timeout waits for the verdict on a proposal still being validated', async () => {
  const n = node();
  await n.boot();
  const validate = n.app.validateBlock.bind(n.app);
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  n.app.validateBlock = (bytes) => gate.then(() => validate(bytes));
  const x = block(1, 1, validators[1]!.address);
  await n.receive(1, proposalFrom(1, 1, 0, x));
  // Far past the propose timeout, validation still running: no nil prevote over a good block.
  await n.advance(config.proposeBaseMs * 3);
  assert.deepEqual(ownVotes(n.sent, 'prevote', 0), []);
  release();
  await settle();
  assert.deepEqual(
    ownVotes(n.sent, 'prevote', 0).map((s) => hexOf(s.vote.blockHash)),
    [toHex(x.hash)],
  );
});

test('without a proposal, the propose timeout still prevotes nil', async () => {
  const n = node();
  await n.boot();
  // A vote of the height starts round 0 (the pause after the previous commit ends).
  await n.receive(2, voteFrom(2, 'prevote', 1, 0, undefined));
  await n.advance(config.proposeBaseMs + 1);
  // (Re-sent copies of the one signed vote count once.)
  assert.deepEqual(
    [...new Set(ownVotes(n.sent, 'prevote', 0).map((s) => hexOf(s.vote.blockHash)))],
    ['nil'],
  );
});

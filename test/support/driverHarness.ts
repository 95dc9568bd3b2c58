// Test support for the consensus driver's tests (src/consensus/driver*.test.ts): the driver of
// validator v0 over fake ports (a manual clock, a WAL in memory that can lose its unsynced tail
// in a crash, a last-signed store) and a fake application; the tests play v1..v3 by signing their
// proposals and votes with the helpers below.
import assert from 'node:assert/strict';
import { addressOf, signerFromSecret, type Signer } from '../../src/crypto/index.ts';
import { equalBytes, toHex } from '../../src/lib/index.ts';
import {
  blockHash,
  decodeBlock,
  encodeBlock,
  proposalSignBytes,
  protocolVersion,
  voteSignBytes,
  voteTypes,
  zeroHash,
  type Commit,
  type Validator,
} from '../../src/types/index.ts';
import {
  createDriver,
  defaultConsensusConfig,
  type Application,
  type BlockCandidate,
  type ConsensusMessage,
  type ConsensusWal,
  type Driver,
  type LastSigned,
  type LastSignedStore,
} from '../../src/consensus/index.ts';
import type { Logger, TimerHandle } from '../../src/ports/index.ts';

const chainId = 'test';
const signers: Signer[] = [0, 1, 2, 3].map((i) =>
  signerFromSecret('ed25519', new Uint8Array(32).fill(0x40 + i)),
);
/** The fixture's four validators, of equal power; v0 runs the driver. */
export const validators: Validator[] = signers.map((s) => ({
  address: addressOf(s.publicKey),
  publicKey: s.publicKey,
  power: 10,
}));
/** The consensus timing of the fixture (clock drift does not matter here). */
export const config = defaultConsensusConfig;

/** A valid empty block of `height`, told apart from others by `tag`. */
export function block(height: number, tag: number, proposer: Uint8Array): BlockCandidate {
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

/**
 * An application that accepts any block of the next height and commits what it is given. Like the
 * chain app, it builds only on the commit of its tip. `holdValidations()` makes validations wait
 * until the returned release is called (a slow validation occupying the driver's app queue).
 */
function fakeApp(): Application & {
  committed: BlockCandidate[];
  holdValidations(): () => void;
} {
  const committed: BlockCandidate[] = [];
  const commits: Commit[] = [];
  let built = 0;
  let held: Promise<void> | undefined;
  return {
    chainId,
    committed,
    tip: () => ({
      height: committed.length,
      hash: committed.at(-1)?.hash,
      timeMs: committed.at(-1)?.block.header.timeMs ?? 0,
    }),
    validatorsAt: () => validators,
    proposeBlock(input) {
      const height = committed.length + 1;
      if ((input.lastCommit?.height ?? 0) !== committed.length)
        return Promise.reject(
          new Error(`Block ${height} must carry the commit of block ${height - 1}`),
        );
      return Promise.resolve(block(height, 100 + built++, input.proposer));
    },
    holdValidations() {
      let release = (): void => undefined;
      held = new Promise((resolve) => (release = resolve));
      return () => {
        held = undefined;
        release();
      };
    },
    async validateBlock(bytes) {
      if (held !== undefined) await held;
      const decoded = decodeBlock(bytes);
      if (decoded.header.height !== committed.length + 1)
        return { ok: false, reason: 'wrong height' };
      return { ok: true, candidate: { block: decoded, hash: blockHash(decoded.header), bytes } };
    },
    commitBlock(candidate, commit) {
      committed.push(candidate);
      commits.push(commit);
      return Promise.resolve();
    },
    commitAt: (height) => commits[height - 1],
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

/** Lets the promise work started by a message or a timer run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

/** A log line the driver wrote. */
export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
}

/** A logger that keeps every line (fields dropped), so tests can check what was logged. */
function recordingLogger(lines: LogLine[]): Logger {
  const logger: Logger = {
    debug: (_fields, message) => lines.push({ level: 'debug', message }),
    info: (_fields, message) => lines.push({ level: 'info', message }),
    warn: (_fields, message) => lines.push({ level: 'warn', message }),
    error: (_fields, message) => lines.push({ level: 'error', message }),
    child: () => logger,
  };
  return logger;
}

/** One node (v0) with its durable stores, which survive `restart()`. */
export function node() {
  const app = fakeApp();
  const logs: LogLine[] = [];
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
      logger: recordingLogger(logs),
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
    logs,
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

/** A proposal signed by validator `from`. */
export function proposalFrom(
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

/** A vote signed by validator `from` (`hash` undefined: nil). */
export function voteFrom(
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
export function ownVotes(
  sent: readonly ConsensusMessage[],
  type: 'prevote' | 'precommit',
  round: number,
) {
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

/** A block hash as hex, or `nil`. */
export const hexOf = (hash: Uint8Array | undefined): string =>
  hash === undefined ? 'nil' : toHex(hash);

/** Brings v0 to a lock on block X in round 0 of height 1 (it prevoted and precommitted X). */
export async function lockOnX(n: ReturnType<typeof node>): Promise<BlockCandidate> {
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

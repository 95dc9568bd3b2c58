// The consensus driver: it turns peers' messages and timer firings into machine inputs, carries
// out the machine's outputs (sign, broadcast, schedule, build or commit a block) through its
// ports, and moves from one height to the next. All decisions are the machine's; the driver only
// checks signatures, tracks proposals and votes, and keeps the write-ahead log (docs/spec/
// consensus.md, "The driver").
import { toHex, fromHex, equalBytes } from '../lib/index.ts';
import {
  blockHash,
  checkDuplicateVote,
  decodeBlock,
  duplicateVoteEvidence,
  encodeEvidence,
  polRoundOf,
  verifyCommit,
  verifySignedProposal,
  verifySignedVote,
  voteTypes,
  type Commit,
  type Evidence,
  type SignedProposal,
  type SignedVote,
  type Validator,
} from '../types/index.ts';
import { addressOf, sha256 } from '../crypto/index.ts';
import type { BlockCandidate } from './application.ts';
import { timeoutMs, type TimeoutKind } from './config.ts';
import { pendingInputs, type ProposalView } from './conditions.ts';
import type { Driver, DriverOptions, DriverStatus } from './driverTypes.ts';
import {
  initialMachineState,
  step,
  type MachineInput,
  type MachineOutput,
  type MachineState,
  type ValueId,
} from './machine.ts';
import type { ConsensusMessage } from './messages.ts';
import type { TimerHandle } from './ports.ts';
import { createGuardedSigner } from './privval.ts';
import { proposerAt } from './proposer.ts';
import { createVoteKeeper, voteRoundsAheadMax, type VoteKeeper } from './voteKeeper.ts';
import {
  decodeWalEntry,
  encodeWalEntry,
  selfPeer,
  timeoutKindCode,
  timeoutKindOf,
} from './walEntry.ts';

/** Messages for the next height kept until this node gets there (a bound). */
export const futureMessagesMax = 10_000;
/** Evidence items waiting to be included (a bound). */
export const pendingEvidenceMax = 100;
/** Oldest evidence accepted, in heights behind the current one. */
export const evidenceAgeMax = 100_000;

interface ProposalEntry extends ProposalView {
  readonly signed: SignedProposal;
}

/** Everything the driver holds for its current height. */
interface HeightState {
  readonly height: number;
  readonly validators: readonly Validator[];
  readonly byAddress: ReadonlyMap<string, Validator>;
  readonly keeper: VoteKeeper;
  readonly proposals: Map<number, ProposalEntry>;
  /** Valid blocks by value, from any round, so a decided or re-proposed value can be found. */
  readonly candidates: Map<ValueId, BlockCandidate>;
  machine: MachineState;
  /** False until round 0 starts (the pause after the previous commit). */
  started: boolean;
  /** This node's latest signed messages of the height, re-sent when progress stalls. */
  readonly own: Map<string, ConsensusMessage>;
}

/** Creates a driver; `start()` runs it. */
export function createDriver(options: DriverOptions): Driver {
  const { app, timers, network, wal, config, logger } = options;
  const guard =
    options.signer === undefined
      ? undefined
      : createGuardedSigner(options.signer, options.lastSigned);
  const selfAddress = options.signer === undefined ? undefined : addressOfSigner(options);
  const emit = options.onEvent ?? ((): void => undefined);

  let stopped = false;
  let replaying = false;
  let hs: HeightState | undefined;
  const roundTimers = new Set<TimerHandle>();
  let startTimer: TimerHandle | undefined;
  let rebroadcastTimer: TimerHandle | undefined;
  let future: { peer: string; message: ConsensusMessage }[] = [];
  const evidence = new Map<string, Evidence>();
  let syncing: { readonly peer: string; readonly height: number } | undefined;
  // Application calls never overlap: validation, building and committing see one committed state.
  let appQueue: Promise<unknown> = Promise.resolve();
  const serialApp = <T>(work: () => Promise<T>): Promise<T> => {
    const next = appQueue.then(work, work);
    appQueue = next.catch(() => undefined);
    return next;
  };

  const logWal = (bytes: Uint8Array): void => {
    if (replaying) return;
    wal.append(bytes, false).catch((error: unknown) => {
      logger.error({ error: String(error) }, 'consensus WAL append failed');
    });
  };

  const newHeightState = (): HeightState => {
    const height = app.tip().height + 1;
    const validators = app.validatorsAt(height) ?? [];
    return {
      height,
      validators,
      byAddress: new Map(validators.map((v) => [toHex(v.address), v])),
      keeper: createVoteKeeper(validators),
      proposals: new Map(),
      candidates: new Map(),
      machine: initialMachineState(height),
      started: false,
      own: new Map(),
    };
  };

  const isProposer = (h: HeightState, round: number): boolean =>
    selfAddress !== undefined &&
    h.validators.length > 0 &&
    equalBytes(proposerAt(h.validators, h.height, round).address, selfAddress);

  // ---- feeding the machine -------------------------------------------------------------------

  const feed = (h: HeightState, input: MachineInput): void => {
    if (hs !== h || stopped) return;
    const { state, outputs } = step(h.machine, input);
    h.machine = state;
    for (const output of outputs) perform(h, output);
  };

  /** Feeds every input whose condition holds until nothing changes (bounded). */
  const evaluate = (h: HeightState): void => {
    for (let pass = 0; pass < 32 && hs === h && h.started; pass++) {
      const before = h.machine;
      for (const input of pendingInputs({
        machine: h.machine,
        keeper: h.keeper,
        proposals: h.proposals,
        validValues: new Set(h.candidates.keys()),
      })) {
        feed(h, input);
        if (hs !== h) return;
      }
      if (h.machine === before) return;
    }
  };

  const perform = (h: HeightState, output: MachineOutput): void => {
    switch (output.type) {
      case 'startRound':
        emit({ type: 'round', height: h.height, round: output.round });
        feed(h, { type: 'newRound', round: output.round, proposer: isProposer(h, output.round) });
        return;
      case 'scheduleTimeout':
        scheduleTimeout(h, output.kind, output.round);
        return;
      case 'getValue':
        buildValue(h, output.round);
        return;
      case 'propose':
        sendProposal(h, output.round, output.value, output.polRound);
        return;
      case 'vote':
        sendVote(h, output.voteType, output.round, output.value);
        return;
      case 'decide':
        decide(h, output.round, output.value);
        return;
    }
  };

  const scheduleTimeout = (h: HeightState, kind: TimeoutKind, round: number): void => {
    const handle = timers.schedule(timeoutMs(config, kind, round), () => {
      roundTimers.delete(handle);
      if (hs !== h || stopped) return;
      logWal(
        encodeWalEntry({ type: 'timeout', kind: timeoutKindCode(kind), height: h.height, round }),
      );
      fireTimeout(h, kind, round);
    });
    roundTimers.add(handle);
  };

  const fireTimeout = (h: HeightState, kind: TimeoutKind, round: number): void => {
    const type =
      kind === 'propose'
        ? 'timeoutPropose'
        : kind === 'prevote'
          ? 'timeoutPrevote'
          : 'timeoutPrecommit';
    feed(h, { type, round });
    evaluate(h);
  };

  // ---- own proposals and votes ---------------------------------------------------------------

  const buildValue = (h: HeightState, round: number): void => {
    if (selfAddress === undefined) return;
    const tip = app.tip();
    const lastCommit = h.height > 1 ? app.commitAt(h.height - 1) : undefined;
    serialApp(() =>
      app.proposeBlock({
        proposer: selfAddress,
        timeMs: Math.max(timers.nowMs(), tip.timeMs + 1),
        lastCommit,
        evidence: pendingEvidence(),
      }),
    ).then(
      (candidate) => {
        if (hs !== h || stopped) return;
        const value = toHex(candidate.hash);
        h.candidates.set(value, candidate);
        feed(h, { type: 'proposeValue', round, value });
        evaluate(h);
      },
      (error: unknown) => {
        logger.error({ error: String(error), height: h.height, round }, 'could not build a block');
      },
    );
  };

  const sendProposal = (h: HeightState, round: number, value: ValueId, polRound: number): void => {
    const candidate = h.candidates.get(value);
    if (guard === undefined || selfAddress === undefined || candidate === undefined) return;
    const proposal = {
      chainId: app.chainId,
      height: h.height,
      round,
      polRoundPlusOne: polRound + 1,
      blockHash: candidate.hash,
      proposer: selfAddress,
    };
    guard.signProposal(proposal).then(
      (signed) => {
        if (signed === undefined) {
          logger.warn({ height: h.height, round }, 'refused to sign a conflicting proposal');
          return;
        }
        const message: ConsensusMessage = { kind: 'proposal', signed, block: candidate.bytes };
        deliverOwn(h, 'proposal', message);
      },
      (error: unknown) => {
        logger.error({ error: String(error) }, 'could not sign a proposal');
      },
    );
  };

  const sendVote = (
    h: HeightState,
    voteType: 'prevote' | 'precommit',
    round: number,
    value: ValueId | undefined,
  ): void => {
    if (guard === undefined || selfAddress === undefined) return;
    const vote = {
      type: voteType === 'prevote' ? voteTypes.prevote : voteTypes.precommit,
      chainId: app.chainId,
      height: h.height,
      round,
      blockHash: value === undefined ? undefined : fromHex(value),
      timeMs: timers.nowMs(),
      validator: selfAddress,
    };
    guard.signVote(vote).then(
      (signed) => {
        if (signed === undefined) {
          logger.warn({ height: h.height, round, voteType }, 'refused to sign a conflicting vote');
          return;
        }
        deliverOwn(h, voteType, { kind: 'vote', signed });
      },
      (error: unknown) => {
        logger.error({ error: String(error) }, 'could not sign a vote');
      },
    );
  };

  /** Sends an own signed message to peers and handles it locally, as the paper's broadcast does. */
  const deliverOwn = (h: HeightState, slot: string, message: ConsensusMessage): void => {
    if (stopped) return;
    if (hs === h) h.own.set(slot, message);
    logWal(encodeWalEntry({ type: 'message', peer: selfPeer, message }));
    network.broadcast(message);
    handle(selfPeer, message);
  };

  // ---- deciding and moving to the next height ------------------------------------------------

  const decide = (h: HeightState, round: number, value: ValueId): void => {
    const candidate = h.candidates.get(value);
    if (candidate === undefined) return; // conditions only decide values we hold
    const commit: Commit = {
      height: h.height,
      round,
      blockHash: candidate.hash,
      signatures: h.keeper.precommitsFor(round, value).map((s) => ({
        validator: s.vote.validator,
        timeMs: s.vote.timeMs,
        signature: s.signature,
      })),
    };
    commitAndAdvance(h, candidate, commit, round);
  };

  const commitAndAdvance = (
    h: HeightState,
    candidate: BlockCandidate,
    commit: Commit,
    round: number,
  ): void => {
    clearRoundTimers();
    serialApp(async () => {
      if (app.tip().height + 1 !== h.height) return false; // committed meanwhile (sync)
      await app.commitBlock(candidate, commit);
      return true;
    }).then(
      (done) => {
        if (stopped) return;
        if (done) {
          emit({ type: 'committed', height: h.height, round, candidate, commit });
          for (const e of [...evidence.entries()])
            if (app.isEvidenceCommitted(e[1])) evidence.delete(e[0]);
        }
        void enterHeight(false);
      },
      (error: unknown) => {
        if (stopped) return;
        if (app.tip().height >= h.height) {
          // Block sync committed this height first: carry on from the new tip.
          void enterHeight(true);
          return;
        }
        logger.error({ error: String(error), height: h.height }, 'commit failed; stopping');
        stopped = true;
      },
    );
  };

  const clearRoundTimers = (): void => {
    for (const t of roundTimers) t.cancel();
    roundTimers.clear();
    startTimer?.cancel();
    startTimer = undefined;
  };

  /** Sets up the height after the tip; round 0 starts after a pause (or at once on restart). */
  const enterHeight = async (immediately: boolean): Promise<void> => {
    clearRoundTimers();
    const h = newHeightState();
    hs = h;
    if (!replaying) await wal.reset(h.height);
    if (hs !== h || stopped) return;
    logWal(encodeWalEntry({ type: 'height', height: h.height }));
    const waiting = future;
    future = [];
    if (immediately) startRound0(h);
    else schedulePause(h, 0);
    for (const { peer, message } of waiting) handle(peer, message);
  };

  const schedulePause = (h: HeightState, waitedMs: number): void => {
    // With transactions waiting, start after commitMs; otherwise wait for transactions up to
    // emptyBlockIntervalMs, then make an empty block (a heartbeat that also carries the commit).
    const ready = app.hasPendingTxs() || waitedMs >= config.emptyBlockIntervalMs - config.commitMs;
    startTimer = timers.schedule(config.commitMs, () => {
      startTimer = undefined;
      if (hs !== h || stopped || h.started) return;
      if (ready || app.hasPendingTxs()) startRound0(h);
      else schedulePause(h, waitedMs + config.commitMs);
    });
  };

  const startRound0 = (h: HeightState): void => {
    if (h.started || hs !== h) return;
    startTimer?.cancel();
    startTimer = undefined;
    h.started = true;
    emit({ type: 'round', height: h.height, round: 0 });
    feed(h, { type: 'newRound', round: 0, proposer: isProposer(h, 0) });
    evaluate(h);
  };

  // ---- incoming messages -----------------------------------------------------------------------

  const handle = (peer: string, message: ConsensusMessage): void => {
    const h = hs;
    if (h === undefined || stopped) return;
    switch (message.kind) {
      case 'vote':
        onVote(h, peer, message.signed, message);
        return;
      case 'proposal':
        onProposal(h, peer, message.signed, message.block, message);
        return;
      case 'status':
        if (message.height > h.height) requestSync(peer, message.height);
        return;
      case 'evidence':
        onEvidence(message.evidence, h);
        return;
      case 'syncRequest':
        answerSync(peer, message.height);
        return;
      case 'syncBlock':
        onSyncBlock(h, peer, message.height, message.block, message.commit);
        return;
    }
  };

  /** Messages of a later height wait (bounded) until this node gets there. */
  const later = (
    h: HeightState,
    peer: string,
    height: number,
    message: ConsensusMessage,
  ): boolean => {
    if (height <= h.height) return false;
    if (height === h.height + 1 && future.length < futureMessagesMax)
      future.push({ peer, message });
    if (height > h.height) requestSync(peer, height);
    return true;
  };

  /** The first message of the height from anyone ends the pause after a commit. */
  const wake = (h: HeightState): void => {
    if (!h.started) startRound0(h);
  };

  const onVote = (
    h: HeightState,
    peer: string,
    signed: SignedVote,
    message: ConsensusMessage,
  ): void => {
    const vote = signed.vote;
    if (vote.chainId !== app.chainId || later(h, peer, vote.height, message)) return;
    if (vote.height !== h.height) return;
    const validator = h.byAddress.get(toHex(vote.validator));
    if (validator === undefined) return;
    if (peer !== selfPeer && !verifySignedVote(signed, validator)) {
      logger.debug({ peer }, 'dropped a vote with a bad signature');
      return;
    }
    const result = h.keeper.add(signed, Math.max(0, h.machine.round));
    if (result.status === 'conflict') {
      addEvidence(duplicateVoteEvidence(result.existing, signed), true);
      return;
    }
    if (result.status !== 'added') return;
    if (peer !== selfPeer) logWal(encodeWalEntry({ type: 'message', peer, message }));
    wake(h);
    evaluate(h);
  };

  const onProposal = (
    h: HeightState,
    peer: string,
    signed: SignedProposal,
    block: Uint8Array,
    message: ConsensusMessage,
  ): void => {
    const p = signed.proposal;
    if (p.chainId !== app.chainId || later(h, peer, p.height, message)) return;
    if (p.height !== h.height || h.validators.length === 0) return;
    if (h.proposals.has(p.round)) return; // the first proposal of a round wins
    if (p.round > Math.max(0, h.machine.round) + voteRoundsAheadMax) return;
    const proposer = proposerAt(h.validators, h.height, p.round);
    if (!equalBytes(proposer.address, p.proposer)) return;
    if (peer !== selfPeer && !verifySignedProposal(signed, proposer)) {
      logger.debug({ peer }, 'dropped a proposal with a bad signature');
      return;
    }
    const value = toHex(p.blockHash);
    const entry = { signed, value, polRound: polRoundOf(p), valid: undefined, timely: true };
    h.proposals.set(p.round, entry);
    if (peer !== selfPeer) logWal(encodeWalEntry({ type: 'message', peer, message }));
    wake(h);
    const known = h.candidates.get(value);
    if (known !== undefined) {
      h.proposals.set(p.round, { ...entry, valid: true, timely: timely(known) });
      evaluate(h);
      return;
    }
    serialApp(() => app.validateBlock(block)).then(
      (verdict) => {
        if (hs !== h || stopped) return;
        const valid = verdict.ok && equalBytes(verdict.candidate.hash, p.blockHash);
        if (verdict.ok && valid) h.candidates.set(value, verdict.candidate);
        else
          logger.info(
            {
              peer,
              height: h.height,
              round: p.round,
              reason: verdict.ok ? 'hash mismatch' : verdict.reason,
            },
            'invalid proposal',
          );
        h.proposals.set(p.round, {
          ...entry,
          valid,
          timely: verdict.ok ? timely(verdict.candidate) : true,
        });
        evaluate(h);
      },
      (error: unknown) => {
        logger.error({ error: String(error) }, 'proposal validation failed');
      },
    );
  };

  const timely = (candidate: BlockCandidate): boolean =>
    candidate.block.header.timeMs <= timers.nowMs() + config.clockDriftMaxMs;

  const addEvidence = (item: Evidence, announce: boolean): void => {
    const id = toHex(sha256(encodeEvidence(item)));
    if (evidence.has(id) || evidence.size >= pendingEvidenceMax || app.isEvidenceCommitted(item))
      return;
    evidence.set(id, item);
    emit({ type: 'evidence', evidence: item });
    logger.warn({ height: item.voteA.vote.height }, 'equivocation evidence found');
    if (announce) network.broadcast({ kind: 'evidence', evidence: item });
  };

  const onEvidence = (item: Evidence, h: HeightState): void => {
    const height = item.voteA.vote.height;
    if (height > h.height || height + evidenceAgeMax < h.height) return;
    const validators = height === h.height ? h.validators : app.validatorsAt(height);
    const validator = validators?.find((v) => equalBytes(v.address, item.voteA.vote.validator));
    if (validator === undefined || checkDuplicateVote(item, validator) !== undefined) return;
    addEvidence(item, false);
  };

  const pendingEvidence = (): readonly Evidence[] =>
    [...evidence.values()].filter((e) => !app.isEvidenceCommitted(e));

  // ---- catching up a few blocks ----------------------------------------------------------------

  const requestSync = (peer: string, peerHeight: number): void => {
    const h = hs;
    if (h === undefined || peer === selfPeer || syncing !== undefined) return;
    syncing = { peer, height: h.height };
    emit({ type: 'behind', peer, peerHeight });
    network.sendTo(peer, { kind: 'syncRequest', height: h.height });
    // Give up on an unanswered request after a round's worth of time.
    timers.schedule(timeoutMs(config, 'propose', 0), () => {
      if (syncing?.peer === peer && syncing.height === h.height) syncing = undefined;
    });
  };

  const answerSync = (peer: string, height: number): void => {
    if (peer === selfPeer || height < 1 || height > app.tip().height) return;
    const block = app.blockBytesAt(height);
    const commit = app.commitAt(height);
    if (block === undefined || commit === undefined) return;
    network.sendTo(peer, { kind: 'syncBlock', height, block, commit });
  };

  const onSyncBlock = (
    h: HeightState,
    peer: string,
    height: number,
    bytes: Uint8Array,
    commit: Commit,
  ): void => {
    if (syncing?.peer === peer) syncing = undefined;
    if (height !== h.height || commit.height !== height) return;
    let hash: Uint8Array;
    try {
      hash = blockHash(decodeBlock(bytes).header);
    } catch {
      return;
    }
    if (!equalBytes(hash, commit.blockHash)) return;
    if (!verifyCommit(app.chainId, commit, h.validators).ok) return;
    serialApp(() => app.validateBlock(bytes)).then(
      (verdict) => {
        if (hs !== h || stopped || !verdict.ok) return;
        logger.info({ height, peer }, 'caught up a block from a peer');
        commitAndAdvance(h, verdict.candidate, commit, commit.round);
      },
      (error: unknown) => {
        logger.error({ error: String(error) }, 'sync block validation failed');
      },
    );
  };

  // ---- liveness: status and re-sending own messages ------------------------------------------------

  const scheduleRebroadcast = (): void => {
    rebroadcastTimer = timers.schedule(config.rebroadcastMs, () => {
      if (stopped) return;
      const h = hs;
      if (h !== undefined) {
        network.broadcast({
          kind: 'status',
          height: h.height,
          round: Math.max(0, h.machine.round),
        });
        for (const message of h.own.values()) network.broadcast(message);
      }
      scheduleRebroadcast();
    });
  };

  // ---- restart -----------------------------------------------------------------------------------

  const replayWal = async (h: HeightState): Promise<void> => {
    const entries = await wal.read();
    const first = entries[0] === undefined ? undefined : decodeWalEntry(entries[0]);
    if (first?.type !== 'height' || first.height !== h.height) return;
    replaying = true;
    try {
      startRound0(h);
      for (const bytes of entries.slice(1)) {
        const entry = decodeWalEntry(bytes);
        if (entry === undefined) break; // a torn tail
        if (entry.type === 'message') {
          handle(entry.peer, entry.message);
          // A proposal is validated asynchronously: let it finish before replaying what followed.
          if (entry.message.kind === 'proposal') await appQueue;
        } else if (entry.type === 'timeout' && entry.height === h.height) {
          const kind = timeoutKindOf(entry.kind);
          if (kind !== undefined) fireTimeout(h, kind, entry.round);
        }
      }
    } finally {
      replaying = false;
    }
    logger.info(
      { height: h.height, round: h.machine.round, entries: entries.length },
      'consensus state restored from the WAL',
    );
  };

  return {
    async start() {
      const h = newHeightState();
      hs = h;
      await replayWal(h);
      if (hs === h && !h.started) {
        await wal.reset(h.height);
        logWal(encodeWalEntry({ type: 'height', height: h.height }));
        startRound0(h);
      }
      scheduleRebroadcast();
    },
    receive(peer, message) {
      if (peer === selfPeer) return; // a peer may not pose as this node
      handle(peer, message);
    },
    async resync() {
      if (hs !== undefined && app.tip().height + 1 !== hs.height) await enterHeight(true);
    },
    status(): DriverStatus {
      const m = hs?.machine;
      return {
        height: hs?.height ?? app.tip().height + 1,
        round: m?.round ?? -1,
        step: m?.step ?? 'propose',
        lockedRound: m?.lockedRound ?? -1,
        validRound: m?.validRound ?? -1,
      };
    },
    pendingEvidence,
    async stop() {
      stopped = true;
      clearRoundTimers();
      rebroadcastTimer?.cancel();
      await appQueue;
    },
  };
}

function addressOfSigner(options: DriverOptions): Uint8Array | undefined {
  return options.signer === undefined ? undefined : addressOf(options.signer.publicKey);
}

// The consensus driver: it turns peers' messages and timer firings into machine inputs, carries
// out the machine's outputs (sign, broadcast, schedule, build or commit a block) through its
// ports, and moves from one height to the next. All decisions are the machine's; the driver only
// checks signatures, tracks proposals and votes, and keeps the write-ahead log (docs/spec/
// consensus.md, "The driver"). Beside it: peers' proposals and votes (incoming.ts), its own
// (ownMessages.ts), round timeouts (roundTimeouts.ts), the pause before round 0 (heightStart.ts),
// messages of the next height (futureMessages.ts), catching up (catchUp.ts), evidence
// (evidencePool.ts), rebroadcasting (rebroadcast.ts) and restarting from the WAL (restart.ts).
import { addressOf } from '../crypto/index.ts';
import { createSerialQueue, equalBytes } from '../lib/index.ts';
import type { Commit } from '../types/index.ts';
import type { BlockCandidate } from './application.ts';
import { createCatchUp } from './catchUp.ts';
import { pendingInputs } from './conditions.ts';
import type { Driver, DriverOptions, DriverStatus } from './driverTypes.ts';
import { createEvidencePool } from './evidencePool.ts';
import { createFutureMessages } from './futureMessages.ts';
import { createHeightStart } from './heightStart.ts';
import { createHeightState, type HeightState } from './heightState.ts';
import { createIncoming } from './incoming.ts';
import { step, type MachineInput, type MachineOutput, type ValueId } from './machine.ts';
import type { ConsensusMessage } from './messages.ts';
import { createOwnMessages } from './ownMessages.ts';
import { createGuardedSigner } from './privval.ts';
import { proposerAt } from './proposer.ts';
import { createRebroadcast } from './rebroadcast.ts';
import { replayWal, restoreFromGuard, type RestartPorts } from './restart.ts';
import { createRoundTimeouts } from './roundTimeouts.ts';
import { encodeWalEntry, selfPeer } from './walEntry.ts';

export { evidenceAgeMax, pendingEvidenceMax } from './evidencePool.ts';
export { futureMessagesMax } from './futureMessages.ts';

/** Creates a driver; `start()` runs it. */
export function createDriver(options: DriverOptions): Driver {
  const { app, timers, network, wal, config, logger } = options;
  const guard =
    options.signer === undefined
      ? undefined
      : createGuardedSigner(options.signer, options.lastSigned);
  const selfAddress =
    options.signer === undefined ? undefined : addressOf(options.signer.publicKey);
  const emit = options.onEvent ?? ((): void => undefined);

  let stopped = false;
  /** True while a WAL entry is being handled again (it must not be logged twice). */
  let replaying = false;
  let hs: HeightState | undefined;
  const future = createFutureMessages();
  // Application calls never overlap: validation, building and committing see one committed state.
  // (The application serialises its own calls too; this queue also keeps the driver's multi-step
  // work, such as "still the next height? then commit", in one piece, and lets `stop` wait for it.)
  const appQueue = createSerialQueue();
  const serialApp = <T>(work: () => Promise<T>): Promise<T> => appQueue.run(work);
  const evidence = createEvidencePool({ app, network, logger, emit });
  const catchUp = createCatchUp({
    app,
    network,
    timers,
    config,
    logger,
    emit,
    current: () => (stopped ? undefined : hs),
    serialApp,
    commit: (h, candidate, commit) => {
      commitAndAdvance(h, candidate, commit, commit.round);
    },
  });

  const isCurrent = (h: HeightState): boolean => hs === h && !stopped;

  /** Received messages and timeouts go to the WAL without waiting for the disk. */
  const logWal = (bytes: Uint8Array): void => {
    if (replaying) return;
    wal.append(bytes, false).catch((error: unknown) => {
      logger.error({ error: String(error) }, 'consensus WAL append failed');
    });
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
        // A round after the first means round 0 failed: worth an operator's attention.
        logger.info({ height: h.height, round: output.round, step: h.machine.step }, 'next round');
        emit({ type: 'round', height: h.height, round: output.round });
        feed(h, { type: 'newRound', round: output.round, proposer: isProposer(h, output.round) });
        return;
      case 'scheduleTimeout':
        timeouts.schedule(h, output.kind, output.round);
        return;
      case 'getValue':
        own?.buildValue(h, output.round);
        return;
      case 'propose':
        own?.propose(h, output.round, output.value, output.polRound);
        return;
      case 'vote':
        own?.vote(h, output.voteType, output.round, output.value);
        return;
      case 'decide':
        decide(h, output.round, output.value);
        return;
    }
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
          evidence.prune();
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
    timeouts.cancelAll();
    heightStart.cancel();
  };

  /** Sets up the height after the tip; round 0 starts after a pause (or at once on restart). */
  const enterHeight = async (immediately: boolean): Promise<void> => {
    clearRoundTimers();
    const h = createHeightState(app);
    hs = h;
    // Entries logged from here on queue behind the reset (the WAL applies operations in order).
    await wal.reset(h.height);
    if (hs !== h || stopped) return;
    logWal(encodeWalEntry({ type: 'height', height: h.height }));
    const waiting = future.take();
    if (immediately) heightStart.startRound0(h);
    else heightStart.afterPause(h);
    for (const { peer, message } of waiting) handle(peer, message);
  };

  // ---- incoming messages -----------------------------------------------------------------------

  const handle = (peer: string, message: ConsensusMessage): void => {
    const h = hs;
    if (h === undefined || stopped) return;
    switch (message.kind) {
      case 'vote':
        incoming.vote(h, peer, message.signed, message);
        return;
      case 'proposal':
        incoming.proposal(h, peer, message.signed, message.block, message);
        return;
      case 'status':
        if (message.height > h.height) catchUp.request(peer, message.height);
        return;
      case 'evidence':
        evidence.received(message.evidence, h.height);
        return;
      case 'syncRequest':
        catchUp.answer(peer, message.height);
        return;
      case 'syncBlock':
        catchUp.received(peer, message.height, message.block, message.commit);
        return;
    }
  };

  // ---- the parts beside the driver, wired to it ----------------------------------------------

  const timeouts = createRoundTimeouts({
    timers,
    config,
    logger,
    isCurrent,
    logWal,
    feed,
    evaluate,
  });
  const heightStart = createHeightStart({
    app,
    timers,
    config,
    emit,
    current: () => hs,
    running: () => !stopped,
    isProposer,
    feed,
    evaluate,
  });
  const rebroadcast = createRebroadcast({
    timers,
    config,
    network,
    evidence,
    running: () => !stopped,
    current: () => hs,
  });
  const incoming = createIncoming({
    app,
    timers,
    logger,
    evidence,
    isCurrent,
    serialApp,
    logWal,
    evaluate,
    fireTimeout: timeouts.fire,
    // Messages of the next height wait (bounded) until this node gets there.
    deferLater(h, peer, height, message) {
      if (height <= h.height) return false;
      if (height === h.height + 1) future.keep(peer, message);
      catchUp.request(peer, height);
      return true;
    },
    wake(h) {
      if (!h.started) heightStart.startRound0(h);
    },
  });
  const own =
    guard === undefined || selfAddress === undefined
      ? undefined
      : createOwnMessages({
          app,
          timers,
          network,
          wal,
          logger,
          guard,
          self: selfAddress,
          running: () => !stopped,
          isCurrent,
          serialApp,
          pendingEvidence: () => evidence.pending(),
          valueBuilt(h, round, value) {
            feed(h, { type: 'proposeValue', round, value });
            evaluate(h);
          },
          handleOwn(message) {
            handle(selfPeer, message);
          },
        });
  const restart: RestartPorts = {
    wal,
    logger,
    guard,
    isCurrent,
    startRound0: heightStart.startRound0,
    feed,
    perform,
    evaluate,
    fireTimeout: timeouts.fire,
    replayMessage(peer, message) {
      replaying = true;
      try {
        handle(peer, message);
      } finally {
        replaying = false;
      }
    },
    settleApp: () => appQueue.settled(),
  };

  return {
    async start() {
      const h = createHeightState(app);
      hs = h;
      const replayed = await replayWal(restart, h);
      if (hs === h && !replayed) {
        await wal.reset(h.height);
        logWal(encodeWalEntry({ type: 'height', height: h.height }));
        heightStart.startRound0(h);
      }
      if (hs === h && !stopped) restoreFromGuard(restart, h);
      rebroadcast.start();
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
    pendingEvidence: () => evidence.pending(),
    async stop() {
      stopped = true;
      clearRoundTimers();
      rebroadcast.stop();
      await appQueue.settled();
    },
  };
}

// Runs a node in `solo` mode, the peer of bftNode.ts over the same chain application: the node's
// key is the chain's only validator, so a block needs no agreement — propose, sign the one
// precommit, commit. A block is made at most once per interval, when transactions wait or when a
// governance deadline (end of a vote, an exit window, a pause) has passed, since tallies and
// enactments run at the end of a block. Time comes from the Timers port.
import type { ChainApp } from '../chain/index.ts';
import { addressOf, type Signer } from '../crypto/index.ts';
import { createSerialQueue, equalBytes } from '../lib/index.ts';
import type { Logger, TimerHandle, Timers } from '../ports/index.ts';
import { signPrecommit, type Commit } from '../types/index.ts';
import type { StoredBlock } from '../api/index.ts';
import { nodeErrors } from './errors.ts';

/** What the solo part of a node needs. */
export interface SoloNodeOptions {
  readonly app: ChainApp;
  /** The key of the chain's one validator. */
  readonly validatorSigner: Signer;
  readonly timers: Timers;
  readonly logger: Logger;
}

/** Block production of a solo chain. */
export interface SoloNode {
  /**
   * Builds, commits durably and returns one block of the waiting transactions; undefined if none
   * wait, unless `allowEmpty`. Calls run one after another.
   */
  produceBlock(options?: { readonly allowEmpty?: boolean }): Promise<StoredBlock | undefined>;
  /** Whether a governance deadline (end of voting, exit window, pause expiry) is at or before `nowMs`. */
  governanceDue(nowMs: number): boolean;
  /** Makes every block that is due, at most once per `intervalMs`, until `stop`. */
  start(intervalMs: number): void;
  /** Stops making blocks; resolves once the block in progress, if any, is committed. */
  stop(): Promise<void>;
}

/** The commit of a solo chain: the one validator's precommit, signed at `timeMs`. */
function soloCommit(
  signer: Signer,
  chainId: string,
  height: number,
  blockHash: Uint8Array,
  timeMs: number,
): Commit {
  const address = addressOf(signer.publicKey);
  return {
    height,
    round: 0,
    blockHash,
    signatures: [signPrecommit(signer, address, chainId, height, 0, blockHash, timeMs)],
  };
}

/** Solo block production over `options.app`; nothing runs until `start` or `produceBlock`. */
export function createSoloNode(options: SoloNodeOptions): SoloNode {
  const { app, timers, logger, validatorSigner } = options;
  const selfAddress = addressOf(validatorSigner.publicKey);
  const nextValidators = app.validatorsAt(app.tip().height + 1) ?? [];
  if (!nextValidators.some((v) => equalBytes(v.address, selfAddress))) {
    throw nodeErrors.not_the_validator();
  }
  // Propose and commit of one block stay together: a second block starts after the first.
  const blocks = createSerialQueue();
  // Governance's next deadline, read once per committed height.
  let deadline: { height: number; timeMs: number | undefined } = { height: -1, timeMs: undefined };
  let loop: { stop(): void } | undefined;

  const produceOnce = async (allowEmpty: boolean): Promise<StoredBlock | undefined> => {
    if (!app.hasPendingTxs() && !allowEmpty) return undefined;
    const tip = app.tip();
    // A block's time is the weighted median of its last commit's times (BFT time); with one
    // validator that is its own precommit's time. The solo validator signs the previous block's
    // commit again as it makes this one, so the block carries the time it is made (not the time
    // the previous one was, which an idle dev chain may have made hours ago), and never goes
    // backwards even if the clock does. The commit stored with the previous block stays as it
    // was; any valid commit of a block may be carried by the next.
    const lastCommit =
      tip.hash === undefined
        ? undefined
        : soloCommit(
            validatorSigner,
            app.chainId,
            tip.height,
            tip.hash,
            Math.max(timers.nowMs(), tip.timeMs + 1),
          );
    const candidate = await app.proposeBlock({ proposer: selfAddress, lastCommit, evidence: [] });
    if (candidate.block.txs.length === 0 && !allowEmpty) return undefined;
    const { height, timeMs } = candidate.block.header;
    const commit = soloCommit(
      validatorSigner,
      app.chainId,
      height,
      candidate.hash,
      Math.max(timers.nowMs(), timeMs + 1),
    );
    await app.commitBlock(candidate, commit);
    return { hash: candidate.hash, block: candidate.block, commit };
  };

  const node: SoloNode = {
    produceBlock: (produceOptions) =>
      blocks.run(() => produceOnce(produceOptions?.allowEmpty === true)),

    governanceDue(nowMs) {
      const at = app.tip().height;
      if (deadline.height !== at)
        deadline = { height: at, timeMs: app.modules.nextDeadlineMs(app.state) };
      return deadline.timeMs !== undefined && nowMs >= deadline.timeMs;
    },

    start(intervalMs) {
      loop ??= startProductionLoop(node, timers, logger, intervalMs, () => app.hasPendingTxs());
    },

    async stop() {
      loop?.stop();
      loop = undefined;
      await blocks.settled();
    },
  };
  return node;
}

/**
 * Starts a solo node: checks the key, makes the first block of a new chain (it carries the
 * genesis state root, so every query can be proved from the start), then makes blocks every
 * `blockIntervalMs` while they are due.
 */
export async function startSoloNode(
  options: SoloNodeOptions & { readonly blockIntervalMs: number },
): Promise<SoloNode> {
  const node = createSoloNode(options);
  if (options.app.tip().height === 0) await node.produceBlock({ allowEmpty: true });
  node.start(options.blockIntervalMs);
  return node;
}

/**
 * Calls the node for a block whenever one is due, first at once and then `intervalMs` after the
 * start of the previous attempt, until stopped or a block fails.
 */
function startProductionLoop(
  node: SoloNode,
  timers: Timers,
  logger: Logger,
  intervalMs: number,
  hasPendingTxs: () => boolean,
): { stop(): void } {
  let running = true;
  let timer: TimerHandle | undefined;
  const tick = (): void => {
    timer = undefined;
    if (!running) return;
    const startedMs = timers.nowMs();
    // An idle chain still makes a block once a governance deadline passes, so tallies, exit
    // windows and pause expiries happen on time (they run at the end of a block).
    const work = hasPendingTxs()
      ? node.produceBlock()
      : node.governanceDue(startedMs)
        ? node.produceBlock({ allowEmpty: true })
        : Promise.resolve(undefined);
    work
      .catch((error: unknown) => {
        // A failure to write a block is fatal for a ledger: stop rather than continue on a fork
        // of our own state. The operator restarts; the last durable block is intact.
        logger.error(
          { error: error instanceof Error ? error.message : String(error) },
          'block production failed; stopping the producer',
        );
        running = false;
      })
      .finally(() => {
        if (!running) return;
        timer = timers.schedule(Math.max(0, intervalMs - (timers.nowMs() - startedMs)), tick);
      });
  };
  timer = timers.schedule(0, tick);
  return {
    stop() {
      running = false;
      timer?.cancel();
      timer = undefined;
    },
  };
}

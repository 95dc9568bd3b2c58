// Catching up a few blocks without a separate protocol: a validator that sees a peer at a higher
// height asks it for the block at its own height (one request at a time, given up after a round's
// worth of time), checks the returned commit against the validator set and the block against the
// application, and commits it; a validator answers such requests from its committed chain.
import { equalBytes } from '../lib/index.ts';
import type { Logger, Timers } from '../ports/index.ts';
import { blockHash, decodeBlock, verifyCommit, type Commit } from '../types/index.ts';
import type { Application, BlockCandidate } from './application.ts';
import { timeoutMs, type ConsensusConfig } from './config.ts';
import type { DriverEvent } from './driverTypes.ts';
import type { HeightState } from './heightState.ts';
import type { ConsensusNetwork } from './ports.ts';
import { selfPeer } from './walEntry.ts';

/** Block requests and answers between validators. */
export interface CatchUp {
  /** A peer is at `peerHeight`, above ours: ask it for our height's block (unless asking already). */
  request(peer: string, peerHeight: number): void;
  /** Answers a peer's request from the committed chain. */
  answer(peer: string, height: number): void;
  /** A peer's answer: check it and commit it when it is the block of the current height. */
  received(peer: string, height: number, bytes: Uint8Array, commit: Commit): void;
}

/** What catching up needs from the driver. */
export interface CatchUpPorts {
  readonly app: Application;
  readonly network: ConsensusNetwork;
  readonly timers: Timers;
  readonly config: ConsensusConfig;
  readonly logger: Logger;
  readonly emit: (event: DriverEvent) => void;
  /** The height state being decided, while the driver runs. */
  current(): HeightState | undefined;
  /** Runs application work in the driver's one queue. */
  serialApp<T>(work: () => Promise<T>): Promise<T>;
  /** Commits a block decided elsewhere and moves to the next height. */
  commit(h: HeightState, candidate: BlockCandidate, commit: Commit): void;
}

/** Creates the catch-up helper of a driver. */
export function createCatchUp(ports: CatchUpPorts): CatchUp {
  const { app, network, timers, config, logger } = ports;
  let asking: { readonly peer: string; readonly height: number } | undefined;

  return {
    request(peer, peerHeight) {
      const h = ports.current();
      if (h === undefined || peer === selfPeer || asking !== undefined) return;
      const request = { peer, height: h.height };
      asking = request;
      ports.emit({ type: 'behind', peer, peerHeight });
      network.sendTo(peer, { kind: 'syncRequest', height: h.height });
      // Give up on an unanswered request after a round's worth of time.
      timers.schedule(timeoutMs(config, 'propose', 0), () => {
        if (asking === request) asking = undefined;
      });
    },
    answer(peer, height) {
      if (peer === selfPeer || height < 1 || height > app.tip().height) return;
      const block = app.blockBytesAt(height);
      const commit = app.commitAt(height);
      if (block === undefined || commit === undefined) return;
      network.sendTo(peer, { kind: 'syncBlock', height, block, commit });
    },
    received(peer, height, bytes, commit) {
      if (asking?.peer === peer) asking = undefined;
      const h = ports.current();
      if (h === undefined || height !== h.height || commit.height !== height) return;
      let hash: Uint8Array;
      try {
        hash = blockHash(decodeBlock(bytes).header);
      } catch {
        return;
      }
      if (!equalBytes(hash, commit.blockHash)) return;
      if (!verifyCommit(app.chainId, commit, h.validators).ok) return;
      ports
        .serialApp(() => app.validateBlock(bytes))
        .then(
          (verdict) => {
            if (ports.current() !== h || !verdict.ok) return;
            logger.info({ height, peer }, 'caught up a block from a peer');
            ports.commit(h, verdict.candidate, commit);
          },
          (error: unknown) => {
            logger.error({ error: String(error) }, 'sync block validation failed');
          },
        );
    },
  };
}

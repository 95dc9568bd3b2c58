// Peers' proposals and votes as they arrive: checked (chain, height, validator, signature, the
// round's proposer), recorded (vote keeper, proposals with their block's validity), logged to the
// WAL, and turned into a new evaluation of the paper's conditions. A vote already counted is not
// verified again; an equivocating vote becomes evidence and still counts towards its own value.
import { equalBytes, toHex } from '../lib/index.ts';
import type { Logger, Timers } from '../ports/index.ts';
import {
  duplicateVoteEvidence,
  polRoundOf,
  verifySignedProposal,
  verifySignedVote,
  type SignedProposal,
  type SignedVote,
} from '../types/index.ts';
import type { Application } from './application.ts';
import type { EvidencePool } from './evidencePool.ts';
import type { HeightState } from './heightState.ts';
import type { ConsensusMessage } from './messages.ts';
import { proposerAt } from './proposer.ts';
import { voteRoundsAheadMax } from './voteKeeper.ts';
import { encodeWalEntry, selfPeer } from './walEntry.ts';

/** What handling peers' messages needs from the driver. */
export interface IncomingPorts {
  readonly app: Application;
  readonly timers: Timers;
  readonly logger: Logger;
  readonly evidence: EvidencePool;
  /** True while `h` is the height being decided (and the driver runs). */
  isCurrent(h: HeightState): boolean;
  serialApp<T>(work: () => Promise<T>): Promise<T>;
  /** Keeps a message of a later height for later (and asks to catch up); true when it was one. */
  deferLater(h: HeightState, peer: string, height: number, message: ConsensusMessage): boolean;
  /** Appends a received message to the WAL (not while it is being replayed from there). */
  logWal(bytes: Uint8Array): void;
  /** The first message of the height ends the pause after a commit. */
  wake(h: HeightState): void;
  /** Feeds the machine every input whose condition now holds. */
  evaluate(h: HeightState): void;
  /** Feeds a round timeout to the machine (here: a propose timeout deferred during validation). */
  fireTimeout(h: HeightState, kind: 'propose', round: number): void;
}

/** Handlers of a peer's (or this node's own) proposals and votes. */
export interface Incoming {
  vote(h: HeightState, peer: string, signed: SignedVote, message: ConsensusMessage): void;
  proposal(
    h: HeightState,
    peer: string,
    signed: SignedProposal,
    block: Uint8Array,
    message: ConsensusMessage,
  ): void;
}

/** Creates the message handlers of a driver. */
export function createIncoming(ports: IncomingPorts): Incoming {
  const { app, timers, logger, evidence } = ports;

  /** Fires a propose timeout that waited for this round's verdict. */
  const releaseProposeTimeout = (h: HeightState, round: number): void => {
    if (h.proposeTimeoutsDeferred.delete(round)) ports.fireTimeout(h, 'propose', round);
  };

  const log = (peer: string, message: ConsensusMessage): void => {
    if (peer !== selfPeer) ports.logWal(encodeWalEntry({ type: 'message', peer, message }));
  };

  return {
    vote(h, peer, signed, message) {
      const vote = signed.vote;
      if (vote.chainId !== app.chainId || ports.deferLater(h, peer, vote.height, message)) return;
      if (vote.height !== h.height) return;
      const validator = h.byAddress.get(toHex(vote.validator));
      if (validator === undefined) return;
      // A vote already counted (re-sent, duplicated) needs no second signature check.
      if (h.keeper.contains(signed)) return;
      if (peer !== selfPeer && !verifySignedVote(signed, validator)) {
        logger.debug({ peer }, 'dropped a vote with a bad signature');
        return;
      }
      const result = h.keeper.add(signed, Math.max(0, h.machine.round));
      if (result.status === 'conflict') {
        evidence.found(duplicateVoteEvidence(result.existing, signed));
        if (!result.counted) return;
      } else if (result.status !== 'added') return;
      log(peer, message);
      ports.wake(h);
      ports.evaluate(h);
    },

    proposal(h, peer, signed, block, message) {
      const p = signed.proposal;
      if (p.chainId !== app.chainId || ports.deferLater(h, peer, p.height, message)) return;
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
      const entry = { signed, value, polRound: polRoundOf(p), valid: undefined };
      h.proposals.set(p.round, entry);
      log(peer, message);
      ports.wake(h);
      const known = h.candidates.get(value);
      if (known !== undefined) {
        h.proposals.set(p.round, { ...entry, valid: true });
        ports.evaluate(h);
        return;
      }
      const receivedAt = timers.nowMs();
      ports
        .serialApp(() => app.validateBlock(block))
        .then(
          (verdict) => {
            logger.debug(
              { height: p.height, round: p.round, ok: verdict.ok, ms: timers.nowMs() - receivedAt },
              'proposal checked',
            );
            if (!ports.isCurrent(h)) return;
            const valid = verdict.ok && equalBytes(verdict.candidate.hash, p.blockHash);
            if (verdict.ok && valid) h.candidates.set(value, verdict.candidate);
            else {
              const reason = verdict.ok ? 'hash mismatch' : verdict.reason;
              logger.info({ peer, height: h.height, round: p.round, reason }, 'invalid proposal');
            }
            h.proposals.set(p.round, { ...entry, valid });
            ports.evaluate(h);
            releaseProposeTimeout(h, p.round);
          },
          (error: unknown) => {
            logger.error({ error: String(error) }, 'proposal validation failed');
            if (!ports.isCurrent(h)) return;
            h.proposals.set(p.round, { ...entry, valid: false });
            ports.evaluate(h);
            releaseProposeTimeout(h, p.round);
          },
        );
    },
  };
}

// This validator's own proposals and votes: building a block when the machine asks for a value
// (line 18), signing through the double-sign guard, and sending. A message leaves only once its
// WAL entry is durable — and with it every entry before it, everything that led to it — so a
// restarted validator replays what made it sign and keeps the lock a precommit implies; a message
// that never reached the disk never reached a peer either. A proposed block is recorded in the WAL
// before its proposal is signed, so a proposer restarted in its round proposes the same block (the
// guard returns the same signature) instead of a new one the guard would refuse.
import { decode } from '../codec/index.ts';
import { equalBytes, fromHex, toHex } from '../lib/index.ts';
import type { Logger, Timers } from '../ports/index.ts';
import { signedVoteCodec, voteTypes, type Evidence, type SignedVote } from '../types/index.ts';
import type { Application } from './application.ts';
import type { HeightState, OwnSlot } from './heightState.ts';
import type { ValueId } from './machine.ts';
import type { ConsensusMessage } from './messages.ts';
import type { ConsensusNetwork, ConsensusWal, LastSigned } from './ports.ts';
import { signSteps, type GuardedSigner } from './privval.ts';
import { encodeWalEntry, selfPeer } from './walEntry.ts';

/** What sending own messages needs from the driver. */
export interface OwnMessagesPorts {
  readonly app: Application;
  readonly timers: Timers;
  readonly network: ConsensusNetwork;
  readonly wal: ConsensusWal;
  readonly logger: Logger;
  readonly guard: GuardedSigner;
  readonly self: Uint8Array;
  /** False once the driver stopped. */
  running(): boolean;
  /** True while `h` is the height being decided (and the driver runs). */
  isCurrent(h: HeightState): boolean;
  serialApp<T>(work: () => Promise<T>): Promise<T>;
  pendingEvidence(): readonly Evidence[];
  /** The block built for `round` is ready: feed it to the machine (`proposeValue`). */
  valueBuilt(h: HeightState, round: number, value: ValueId): void;
  /** Handles an own message locally, as a peer's (the paper's broadcast includes oneself). */
  handleOwn(message: ConsensusMessage): void;
}

/** The machine's `getValue`, `propose` and `vote` outputs, carried out. */
export interface OwnMessages {
  buildValue(h: HeightState, round: number): void;
  propose(h: HeightState, round: number, value: ValueId, polRound: number): void;
  vote(
    h: HeightState,
    voteType: 'prevote' | 'precommit',
    round: number,
    value: ValueId | undefined,
  ): void;
}

/**
 * The time this validator signs into a vote: its clock, but never at or before `afterMs`. The
 * next block's time is the weighted median of the precommits that decide this one (BFT time,
 * docs/spec/consensus.md), so every honest precommit being later than the block it decides keeps
 * block times increasing, whatever the clocks say.
 */
export function voteTimeMs(clockMs: number, afterMs: number): number {
  return Math.max(clockMs, afterMs + 1);
}

const stepOfVote = (voteType: 'prevote' | 'precommit'): number =>
  voteType === 'prevote' ? signSteps.prevote : signSteps.precommit;

/** True when the guard's last signature is a vote of (height, round) or anything later. */
function votedPast(last: LastSigned | undefined, height: number, round: number): boolean {
  if (last === undefined || last.height !== height)
    return last !== undefined && last.height > height;
  return last.round > round || (last.round === round && last.step > signSteps.proposal);
}

/** Creates the own-message side of a validator's driver. */
export function createOwnMessages(ports: OwnMessagesPorts): OwnMessages {
  const { app, timers, network, wal, logger, guard, self } = ports;

  const deliver = (
    h: HeightState,
    slot: OwnSlot,
    message: ConsensusMessage,
    extra: readonly ConsensusMessage[] = [],
  ): void => {
    if (!ports.running()) return;
    wal.append(encodeWalEntry({ type: 'message', peer: selfPeer, message }), true).then(
      () => {
        if (!ports.running()) return;
        if (ports.isCurrent(h)) h.own.set(slot, message);
        network.broadcast(message);
        for (const m of extra) network.broadcast(m);
        ports.handleOwn(message);
      },
      (error: unknown) => {
        logger.error({ error: String(error) }, 'consensus WAL sync failed; message not sent');
      },
    );
  };

  /** The time a vote must follow: the block it names (when held), else the tip. */
  const votedTimeMs = (h: HeightState, value: ValueId | undefined): number => {
    const candidate = value === undefined ? undefined : h.candidates.get(value);
    return candidate?.block.header.timeMs ?? app.tip().timeMs;
  };

  /**
   * The vote this validator already signed for exactly (height, round, type), when the machine
   * now wants a different one (after a restart that lost part of the WAL). Sending the earlier
   * vote again is no double sign, and a peer may need it to reach a threshold. A precommit for a
   * value is only sent again while the machine holds the lock it implies (lines 38-39).
   */
  const signedBefore = (
    h: HeightState,
    voteType: 'prevote' | 'precommit',
    round: number,
  ): SignedVote | undefined => {
    const last = guard.lastSigned();
    if (last?.height !== h.height || last.round !== round || last.step !== stepOfVote(voteType))
      return undefined;
    const signed = decode(signedVoteCodec, last.message);
    const hash = signed.vote.blockHash;
    if (voteType === 'prevote' || hash === undefined) return signed;
    const m = h.machine;
    const locked =
      m.lockedRound > round || (m.lockedRound === round && m.lockedValue === toHex(hash));
    return locked ? signed : undefined;
  };

  return {
    buildValue(h, round) {
      const askedAt = timers.nowMs();
      let startedAt = askedAt;
      ports
        .serialApp(async () => {
          startedAt = timers.nowMs();
          // The tip is read only now: block sync may have committed this height while the build
          // waited in the queue, and a block for a height already passed is of no use.
          if (!ports.isCurrent(h) || app.tip().height + 1 !== h.height) return undefined;
          const recorded = h.ownBlocks.get(round);
          if (recorded !== undefined) {
            const verdict = await app.validateBlock(recorded);
            if (verdict.ok) {
              logger.info({ height: h.height, round }, 'proposing again the block recorded before');
              return verdict.candidate;
            }
            logger.warn(
              { height: h.height, round, reason: verdict.reason },
              'the block recorded for this round no longer validates; building another',
            );
          }
          const lastCommit = h.height > 1 ? app.commitAt(h.height - 1) : undefined;
          return app.proposeBlock({
            proposer: self,
            lastCommit,
            evidence: ports.pendingEvidence(),
          });
        })
        .then(
          (candidate) => {
            if (candidate === undefined) {
              logger.debug({ height: h.height, round }, 'block build dropped: height committed');
              return;
            }
            // How long the block waited for the application and took to build (slow proposals
            // are what make busy validators time out).
            logger.debug(
              {
                height: h.height,
                round,
                txs: candidate.block.txs.length,
                queuedMs: startedAt - askedAt,
                buildMs: timers.nowMs() - startedAt,
              },
              'block built',
            );
            if (!ports.isCurrent(h)) return;
            const value = toHex(candidate.hash);
            h.candidates.set(value, candidate);
            ports.valueBuilt(h, round, value);
          },
          (error: unknown) => {
            // The tip moved under the build (block sync committed this height): nothing is wrong.
            if (!ports.isCurrent(h) || app.tip().height >= h.height) {
              logger.debug({ height: h.height, round }, 'block build dropped: height committed');
              return;
            }
            logger.error(
              { error: String(error), height: h.height, round },
              'could not build a block',
            );
          },
        );
    },

    propose(h, round, value, polRound) {
      const candidate = h.candidates.get(value);
      if (candidate === undefined) return;
      const proposal = {
        chainId: app.chainId,
        height: h.height,
        round,
        polRoundPlusOne: polRound + 1,
        blockHash: candidate.hash,
        proposer: self,
      };
      // A re-proposed value travels with the prevotes of its polka, which some peers may lack
      // (line 28 needs them); the driver re-sends them with the proposal while its round lasts.
      const pol: ConsensusMessage[] =
        polRound < 0
          ? []
          : h.keeper.prevotesFor(polRound, value).map((signed) => ({ kind: 'vote', signed }));
      // The block is durable before the proposal is signed: a proposer killed in between proposes
      // it again after a restart (buildValue), and the guard then returns the same signature.
      const recorded = h.ownBlocks.get(round);
      const again = recorded !== undefined && equalBytes(recorded, candidate.bytes);
      h.ownBlocks.set(round, candidate.bytes);
      const durable = again
        ? Promise.resolve()
        : wal.append(
            encodeWalEntry({ type: 'ownBlock', height: h.height, round, block: candidate.bytes }),
            true,
          );
      durable
        .then(() => guard.signProposal(proposal))
        .then(
          (signed) => {
            if (signed !== undefined) {
              h.ownProposalPol = pol;
              deliver(h, 'proposal', { kind: 'proposal', signed, block: candidate.bytes }, pol);
            } else if (again) {
              // The same block, but the guard signed past this proposal before the restart: it
              // went out then (the WAL restored it; rebroadcast re-sends it) or was superseded.
              logger.debug({ height: h.height, round }, 'the proposal was signed before');
            } else if (votedPast(guard.lastSigned(), h.height, round)) {
              // The build outlasted the propose timeout: this validator already voted in the
              // round (deviation 1), so the block is late, not conflicting.
              logger.info({ height: h.height, round }, 'block built too late for its round');
            } else {
              logger.warn({ height: h.height, round }, 'refused to sign a conflicting proposal');
            }
          },
          (error: unknown) => {
            logger.error({ error: String(error) }, 'could not record or sign a proposal');
          },
        );
    },

    vote(h, voteType, round, value) {
      const vote = {
        type: voteType === 'prevote' ? voteTypes.prevote : voteTypes.precommit,
        chainId: app.chainId,
        height: h.height,
        round,
        blockHash: value === undefined ? undefined : fromHex(value),
        timeMs: voteTimeMs(timers.nowMs(), votedTimeMs(h, value)),
        validator: self,
      };
      guard.signVote(vote).then(
        (signed) => {
          const sent = signed ?? signedBefore(h, voteType, round);
          if (sent === undefined) {
            logger.warn(
              { height: h.height, round, voteType },
              'refused to sign a conflicting vote',
            );
            return;
          }
          deliver(h, voteType, { kind: 'vote', signed: sent });
        },
        (error: unknown) => {
          logger.error({ error: String(error) }, 'could not sign a vote');
        },
      );
    },
  };
}

// Restarting a validator in the middle of a height: it replays the WAL entries of the height
// through the driver's own paths (rebuilding votes, locks and round; its own messages are re-sent
// on rebroadcast), then takes from the double-sign guard's durable record what a WAL that lost
// its unsynced tail may no longer say: the round it had reached and the lock of its last
// precommit.
import { toHex } from '../lib/index.ts';
import type { Logger } from '../ports/index.ts';
import { voteTypes } from '../types/index.ts';
import type { TimeoutKind } from './config.ts';
import type { HeightState } from './heightState.ts';
import type { MachineInput, MachineOutput } from './machine.ts';
import type { ConsensusMessage } from './messages.ts';
import type { ConsensusWal } from './ports.ts';
import { signSteps, type GuardedSigner } from './privval.ts';
import { selfPeer } from './walEntry.ts';
import { replayStepsOf } from './walReplay.ts';

/** What a restart needs from the driver. */
export interface RestartPorts {
  readonly wal: ConsensusWal;
  readonly logger: Logger;
  readonly guard: GuardedSigner | undefined;
  /** True while `h` is the height being decided (and the driver runs). */
  isCurrent(h: HeightState): boolean;
  startRound0(h: HeightState): void;
  feed(h: HeightState, input: MachineInput): void;
  perform(h: HeightState, output: MachineOutput): void;
  evaluate(h: HeightState): void;
  fireTimeout(h: HeightState, kind: TimeoutKind, round: number): void;
  /** Handles a message read back from the WAL (it is not logged again). */
  replayMessage(peer: string, message: ConsensusMessage): void;
  /** Resolves once the application work queued so far (a proposal's validation) is done. */
  settleApp(): Promise<void>;
}

/** An own message read back from the WAL: re-sent on rebroadcast; a precommit keeps its lock. */
function restoreOwn(ports: RestartPorts, h: HeightState, message: ConsensusMessage): void {
  if (message.kind === 'proposal') {
    h.own.set('proposal', message);
    return;
  }
  if (message.kind !== 'vote') return;
  const vote = message.signed.vote;
  h.own.set(vote.type === voteTypes.prevote ? 'prevote' : 'precommit', message);
  if (vote.type === voteTypes.precommit && vote.blockHash !== undefined)
    ports.feed(h, { type: 'restoreLock', round: vote.round, value: toHex(vote.blockHash) });
}

/** Replays the WAL entries of `h`'s height; false when there are none. */
export async function replayWal(ports: RestartPorts, h: HeightState): Promise<boolean> {
  const steps = replayStepsOf(await ports.wal.read(), h.height);
  if (steps.length === 0 || !ports.isCurrent(h)) return false;
  // Known before any round starts: a round this validator proposed in gets the same block again.
  for (const s of steps) if (s.type === 'ownBlock') h.ownBlocks.set(s.round, s.block);
  ports.startRound0(h);
  for (const s of steps) {
    if (!ports.isCurrent(h)) break;
    if (s.type === 'ownBlock') continue;
    if (s.type === 'timeout') {
      ports.fireTimeout(h, s.kind, s.round);
      continue;
    }
    if (s.peer === selfPeer) restoreOwn(ports, h, s.message);
    ports.replayMessage(s.peer, s.message);
    // A proposal is validated asynchronously: let it finish before replaying what followed.
    if (s.message.kind === 'proposal') await ports.settleApp();
  }
  ports.logger.info(
    { height: h.height, round: h.machine.round, entries: steps.length },
    'consensus state restored from the WAL',
  );
  return true;
}

/**
 * What the double-sign guard's durable record says about the current height: the round this
 * validator had reached, and the lock its last precommit implies (lines 38-39).
 */
export function restoreFromGuard(ports: RestartPorts, h: HeightState): void {
  const last = ports.guard?.lastSigned();
  if (last?.height !== h.height) return;
  if (last.step === signSteps.precommit && last.value !== undefined)
    ports.feed(h, { type: 'restoreLock', round: last.round, value: toHex(last.value) });
  if (last.round > h.machine.round) ports.perform(h, { type: 'startRound', round: last.round });
  ports.evaluate(h);
}

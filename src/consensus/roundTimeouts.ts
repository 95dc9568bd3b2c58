// The round timeouts the machine schedules (lines 57-67): armed on the `Timers` port, logged to
// the WAL when they fire (a restart replays them where they happened), then fed to the machine.
// A propose timeout that fires while the round's proposal is still being validated waits for the
// verdict (incoming.ts fires it again once the verdict is in).
import type { Logger, TimerHandle, Timers } from '../ports/index.ts';
import { timeoutMs, type ConsensusConfig, type TimeoutKind } from './config.ts';
import type { HeightState } from './heightState.ts';
import type { MachineInput } from './machine.ts';
import { encodeWalEntry, timeoutKindCode } from './walEntry.ts';

/** What round timeouts need from the driver. */
export interface RoundTimeoutsPorts {
  readonly timers: Timers;
  readonly config: ConsensusConfig;
  readonly logger: Logger;
  /** True while `h` is the height being decided (and the driver runs). */
  isCurrent(h: HeightState): boolean;
  /** Appends a fired timeout to the WAL (not while it is being replayed from there). */
  logWal(bytes: Uint8Array): void;
  feed(h: HeightState, input: MachineInput): void;
  /** Feeds the machine every input whose condition now holds. */
  evaluate(h: HeightState): void;
}

/** The timeouts of the current height's rounds. */
export interface RoundTimeouts {
  /** Arms the machine's `scheduleTimeout` output. */
  schedule(h: HeightState, kind: TimeoutKind, round: number): void;
  /** Feeds a timeout that fired (or is replayed) to the machine. */
  readonly fire: (h: HeightState, kind: TimeoutKind, round: number) => void;
  /** Cancels every armed timeout (the height is over, or the driver stops). */
  cancelAll(): void;
}

/** The machine input a timeout of `kind` becomes. */
export function timeoutInput(kind: TimeoutKind, round: number): MachineInput {
  const type =
    kind === 'propose'
      ? 'timeoutPropose'
      : kind === 'prevote'
        ? 'timeoutPrevote'
        : 'timeoutPrecommit';
  return { type, round };
}

/** Creates the round timeouts of a driver. */
export function createRoundTimeouts(ports: RoundTimeoutsPorts): RoundTimeouts {
  const { timers, config, logger } = ports;
  const armed = new Set<TimerHandle>();

  const fire = (h: HeightState, kind: TimeoutKind, round: number): void => {
    logger.debug({ height: h.height, round, kind }, 'timeout');
    // A proposal that arrived in time but is still being validated (a large block on a busy
    // node) is not a late proposal: the timeout waits for its verdict instead of prevoting nil
    // over a block this node would have accepted. Validation is bounded by the block limits, so
    // the wait is too; the timeout still fires (line 57) whatever the verdict.
    if (kind === 'propose') {
      const proposal = h.proposals.get(round);
      if (proposal !== undefined && proposal.valid === undefined) {
        h.proposeTimeoutsDeferred.add(round);
        return;
      }
    }
    ports.feed(h, timeoutInput(kind, round));
    ports.evaluate(h);
  };

  return {
    schedule(h, kind, round) {
      const handle = timers.schedule(timeoutMs(config, kind, round), () => {
        armed.delete(handle);
        if (!ports.isCurrent(h)) return;
        ports.logWal(
          encodeWalEntry({ type: 'timeout', kind: timeoutKindCode(kind), height: h.height, round }),
        );
        fire(h, kind, round);
      });
      armed.add(handle);
    },
    fire,
    cancelAll() {
      for (const t of armed) t.cancel();
      armed.clear();
    },
  };
}

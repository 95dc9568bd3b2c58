// When round 0 of a height starts: after a pause that follows the previous commit (commitMs with
// transactions waiting; without, up to emptyBlockIntervalMs, then an empty block that is a
// heartbeat and carries the commit), at once on a restart, or as soon as a message of the height
// arrives from a peer that is already there.
import type { TimerHandle, Timers } from '../ports/index.ts';
import type { Application } from './application.ts';
import type { ConsensusConfig } from './config.ts';
import type { DriverEvent } from './driverTypes.ts';
import type { HeightState } from './heightState.ts';
import type { MachineInput } from './machine.ts';

/** What starting a height needs from the driver. */
export interface HeightStartPorts {
  readonly app: Application;
  readonly timers: Timers;
  readonly config: ConsensusConfig;
  readonly emit: (event: DriverEvent) => void;
  /** The driver's height state, stopped or not. */
  current(): HeightState | undefined;
  /** False once the driver stopped. */
  running(): boolean;
  isProposer(h: HeightState, round: number): boolean;
  feed(h: HeightState, input: MachineInput): void;
  /** Feeds the machine every input whose condition now holds. */
  evaluate(h: HeightState): void;
}

/** The pause before round 0 and the start of round 0. */
export interface HeightStart {
  /** Starts round 0 of `h` after the pause. */
  afterPause(h: HeightState): void;
  /** Starts round 0 of `h` now (once), ending its pause. */
  readonly startRound0: (h: HeightState) => void;
  /** Cancels a pause under way. */
  cancel(): void;
}

/** Creates the height start of a driver. */
export function createHeightStart(ports: HeightStartPorts): HeightStart {
  const { app, timers, config } = ports;
  let startTimer: TimerHandle | undefined;

  const schedulePause = (h: HeightState, waitedMs: number): void => {
    // With transactions waiting, start after commitMs; otherwise wait for transactions up to
    // emptyBlockIntervalMs, then make an empty block (a heartbeat that also carries the commit).
    const ready = app.hasPendingTxs() || waitedMs >= config.emptyBlockIntervalMs - config.commitMs;
    startTimer = timers.schedule(config.commitMs, () => {
      startTimer = undefined;
      if (ports.current() !== h || !ports.running() || h.started) return;
      if (ready || app.hasPendingTxs()) startRound0(h);
      else schedulePause(h, waitedMs + config.commitMs);
    });
  };

  const startRound0 = (h: HeightState): void => {
    if (h.started || ports.current() !== h) return;
    startTimer?.cancel();
    startTimer = undefined;
    h.started = true;
    ports.emit({ type: 'round', height: h.height, round: 0 });
    ports.feed(h, { type: 'newRound', round: 0, proposer: ports.isProposer(h, 0) });
    ports.evaluate(h);
  };

  return {
    afterPause(h) {
      schedulePause(h, 0);
    },
    startRound0,
    cancel() {
      startTimer?.cancel();
      startTimer = undefined;
    },
  };
}

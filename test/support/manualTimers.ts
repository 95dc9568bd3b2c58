// Test support: the Timers port on a manual clock. Time moves only when a test advances it;
// timers that fall due fire in time order (then in scheduling order), each followed by a few turns
// of the event loop so the promise work it started can run, as the simulator's scheduler does.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Timers } from '../../src/ports/index.ts';

/** Timers whose clock a test advances. */
export interface ManualTimers extends Timers {
  /** Moves the clock forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): Promise<void>;
  /** Timers scheduled and neither fired nor cancelled. */
  pending(): number;
}

/** Event-loop turns given to the work a fired timer started. */
const turnsAfterFire = 20;

/** Manual timers starting at `startMs`. */
export function createManualTimers(startMs = 0): ManualTimers {
  let now = startMs;
  let seq = 0;
  const scheduled: { at: number; seq: number; fire: () => void; cancelled: boolean }[] = [];
  const live = (): typeof scheduled => scheduled.filter((t) => !t.cancelled);
  return {
    nowMs: () => now,
    schedule(delayMs, fire) {
      const timer = { at: now + Math.max(0, delayMs), seq: seq++, fire, cancelled: false };
      scheduled.push(timer);
      return {
        cancel: () => {
          timer.cancelled = true;
        },
      };
    },
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        const next = live()
          .filter((t) => t.at <= target)
          .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
        if (next === undefined) break;
        next.cancelled = true;
        now = next.at;
        next.fire();
        for (let i = 0; i < turnsAfterFire; i++) await nextTurn();
      }
      now = target;
    },
    pending: () => live().length,
  };
}

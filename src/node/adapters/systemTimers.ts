// The real clock and timers behind the Timers port (src/ports): the consensus driver, the commit
// waiters and the solo node all take time from here in a node.
import type { Timers } from '../../ports/index.ts';

/**
 * Wall-clock time moved by `offsetMs`, and setTimeout. A non-zero offset is fault injection (the
 * node option `faults.clockOffsetMs`): it makes one node's clock wrong, as a misconfigured machine
 * would, so tests can show that block time (the weighted median of the commit's vote times) does
 * not follow it. Only `nowMs` moves; delays are relative and unaffected.
 */
export function createSystemTimers(offsetMs = 0): Timers {
  return {
    nowMs: () => Date.now() + offsetMs,
    schedule(delayMs, fire) {
      const timer = setTimeout(fire, delayMs);
      return {
        cancel: () => {
          clearTimeout(timer);
        },
      };
    },
  };
}

/** Wall-clock time and setTimeout. */
export const systemTimers: Timers = createSystemTimers();

// The real clock and timers behind the Timers port (src/ports): the consensus driver, the commit
// waiters and the solo node all take time from here in a node.
import type { Timers } from '../../ports/index.ts';

/** Wall-clock time and setTimeout. */
export const systemTimers: Timers = {
  nowMs: () => Date.now(),
  schedule(delayMs, fire) {
    const timer = setTimeout(fire, delayMs);
    return {
      cancel: () => {
        clearTimeout(timer);
      },
    };
  },
};

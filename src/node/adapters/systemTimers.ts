// The real clock and timers behind the consensus driver's ConsensusTimers port.
import type { ConsensusTimers } from '../../consensus/index.ts';

/** Wall-clock time and setTimeout. */
export const systemTimers: ConsensusTimers = {
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

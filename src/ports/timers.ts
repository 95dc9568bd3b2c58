// Time reaches the cores only through this port (the consensus driver, and the node's commit
// waiters and the solo node, which the simulator and tests drive the same way): the node supplies
// the wall clock and setTimeout, the simulator its event queue, tests a manual clock.

/** A scheduled callback that can be cancelled (cancelling after it fired does nothing). */
export interface TimerHandle {
  cancel(): void;
}

/** The current time and one-shot timers, both in milliseconds. */
export interface Timers {
  /** Milliseconds since the Unix epoch (a simulated clock may be skewed or jump). */
  nowMs(): number;
  /** Calls `fire` once, after `delayMs` (≥ 0), unless cancelled first. */
  schedule(delayMs: number, fire: () => void): TimerHandle;
}

// Time reaches the cores only through this port, so the simulator can drive it.

/** A source of time in milliseconds since the Unix epoch. */
export interface Clock {
  nowMs(): number;
}

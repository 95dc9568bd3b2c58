// The simulated clock and event queue. Time advances only when the next event fires; events at
// the same instant fire in the order they were scheduled. Between two events the promise work
// they started (the app's and the driver's async steps) runs to quiescence: `drain` awaits
// resolved promises until an activity counter, bumped by every simulated port call, has stood
// still for a fixed number of turns. Nothing here reads the wall clock or uses real timers, so a
// run is a pure function of its seed.

/** A scheduled event that can be cancelled. */
export interface SimTimer {
  cancel(): void;
}

interface SimEvent {
  readonly at: number;
  readonly seq: number;
  readonly label: string;
  readonly fire: () => void;
  cancelled: boolean;
}

/** The event queue and its clock. */
export interface Scheduler {
  /** Simulated now, in milliseconds. */
  now(): number;
  /** Runs `fire` after `delayMs` (≥ 0) of simulated time. */
  schedule(delayMs: number, label: string, fire: () => void): SimTimer;
  /** Fires the next event; false when the queue is empty. Returns its label through `onFire`. */
  fireNext(): boolean;
  /** Time of the next pending event, or undefined. */
  nextAt(): number | undefined;
  /** Records activity (called by every simulated port), for `drain`. */
  touch(): void;
  /** Lets promise work started by events run until it is quiescent (bounded). */
  drain(): Promise<void>;
  /** Events fired so far. */
  readonly fired: () => number;
  /** Observes every fired event (the trace). */
  onFire(listener: (at: number, label: string) => void): void;
}

/** Promise turns with no port activity after which the work is considered quiescent. */
export const drainIdleTurns = 16;
/** Most promise turns one drain takes (a bound: leftover work continues after the next event). */
export const drainTurnsMax = 20_000;

/** Creates a scheduler whose clock starts at `startMs`. */
export function createScheduler(startMs: number): Scheduler {
  // A binary min-heap ordered by (at, seq).
  const heap: SimEvent[] = [];
  let now = startMs;
  let seq = 0;
  let fired = 0;
  let activity = 0;
  const listeners: ((at: number, label: string) => void)[] = [];

  const less = (a: SimEvent, b: SimEvent): boolean =>
    a.at < b.at || (a.at === b.at && a.seq < b.seq);
  const push = (event: SimEvent): void => {
    heap.push(event);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as SimEvent;
      if (!less(event, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = event;
  };
  const pop = (): SimEvent | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      let best = last;
      const left = heap[l];
      const right = heap[r];
      if (left !== undefined && less(left, best)) {
        smallest = l;
        best = left;
      }
      if (right !== undefined && less(right, best)) smallest = r;
      if (smallest === i) break;
      heap[i] = heap[smallest] as SimEvent;
      i = smallest;
    }
    heap[i] = last;
    return top;
  };
  const peek = (): SimEvent | undefined => {
    while (heap[0]?.cancelled === true) pop();
    return heap[0];
  };

  return {
    now: () => now,
    schedule(delayMs, label, fire) {
      if (!(delayMs >= 0) || !Number.isFinite(delayMs)) throw new Error(`bad delay ${delayMs}`);
      activity++;
      const event: SimEvent = {
        at: now + Math.ceil(delayMs),
        seq: seq++,
        label,
        fire,
        cancelled: false,
      };
      push(event);
      return {
        cancel: () => {
          event.cancelled = true;
        },
      };
    },
    fireNext() {
      const event = peek();
      if (event === undefined) return false;
      pop();
      now = event.at;
      fired++;
      activity++;
      for (const listener of listeners) listener(now, event.label);
      event.fire();
      return true;
    },
    nextAt: () => peek()?.at,
    touch: () => {
      activity++;
    },
    async drain() {
      let idle = 0;
      let last = activity;
      for (let turn = 0; turn < drainTurnsMax && idle < drainIdleTurns; turn++) {
        await Promise.resolve();
        if (activity === last) idle++;
        else {
          idle = 0;
          last = activity;
        }
      }
    },
    fired: () => fired,
    onFire(listener) {
      listeners.push(listener);
    },
  };
}

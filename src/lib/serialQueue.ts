// One task at a time, in call order, for objects whose asynchronous operations must not
// interleave: the chain application's block operations, a log file that is appended to and
// truncated, the consensus driver's multi-step calls into the application, the solo node's
// propose-then-commit. A failed task does not stop the queue: its failure goes to its caller only.
// The queue holds what its callers started; each caller bounds its own calls (they wait for them).

/** Tasks that run one at a time, each once every earlier task has settled. */
export interface SerialQueue {
  /** Runs `task` after every task queued before it has settled; settles as `task` does. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Resolves (never rejects) once every task queued so far has settled. */
  settled(): Promise<void>;
  /** Tasks queued or running. */
  pending(): number;
}

/** Creates an empty queue. */
export function createSerialQueue(): SerialQueue {
  // The last task's settlement, never rejected: the next task starts when it resolves.
  let tail: Promise<void> = Promise.resolve();
  let pending = 0;
  const finish = (): void => {
    pending--;
  };
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      pending++;
      // A task that throws synchronously rejects its promise like one that rejects.
      const result = tail.then(() => task());
      tail = result.then(finish, finish);
      return result;
    },
    settled: () => tail,
    pending: () => pending,
  };
}

// The solo block producer: one validator makes a block whenever transactions wait, at most once
// per interval. The BFT engine of the next stage replaces it behind the same Ledger interface.
import type { Logger } from '../ports/index.ts';
import type { Ledger } from './ledger.ts';

/** A running producer. */
export interface Producer {
  stop(): Promise<void>;
}

/** Starts producing blocks on `ledger` every `intervalMs` while transactions wait (or governance is due). */
export function startProducer(ledger: Ledger, intervalMs: number, logger: Logger): Producer {
  let running = true;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const tick = (): void => {
    timer = undefined;
    if (!running) return;
    const started = Date.now();
    // An idle chain still makes a block once a governance deadline passes, so tallies, exit
    // windows and pause expiries happen on time (they run at the end of a block).
    const work = ledger.hasPending()
      ? ledger.produceBlock()
      : ledger.governanceDue(started)
        ? ledger.produceBlock({ allowEmpty: true })
        : Promise.resolve(undefined);
    current = work
      .catch((error: unknown) => {
        // A failure to write a block is fatal for a ledger: stop rather than continue on a fork of
        // our own state. The operator restarts; the last durable block is intact.
        logger.error(
          { error: error instanceof Error ? error.message : String(error) },
          'block production failed; stopping the producer',
        );
        running = false;
      })
      .finally(() => {
        if (running) timer = setTimeout(tick, Math.max(0, intervalMs - (Date.now() - started)));
      });
  };
  timer = setTimeout(tick, 0);

  return {
    async stop() {
      running = false;
      if (timer !== undefined) clearTimeout(timer);
      await current;
    },
  };
}

// Admission's check against state: a transaction certain to fail is refused before it costs its
// sender a fee, with the code the block would have recorded. Messages that declare `run` (the
// default) are judged by running the transaction itself on a scratch copy of the latest committed
// state, after the sender's own waiting transactions, at the earliest height and time a block
// could give it. Only failures no later block could avoid are refused: a failure the passing of
// time may cure (`curableByTime`) is let through, and another account's waiting transactions are
// not counted (a transaction that needs one of them is refused until it is committed).
import type { PolityError } from '../lib/index.ts';
import type { Validator } from '../types/index.ts';
import { applyTx, type TxContext, type TxInput } from './applyTx.ts';
import { createOverlay, type StateReader } from './overlay.ts';
import type { ModuleTable } from './table.ts';

/** What admission knows when a transaction arrives. */
export interface AdmissionState {
  readonly modules: ModuleTable;
  /** The latest committed state. */
  readonly state: StateReader;
  /** The lowest height a block including the transaction can have. */
  readonly heightMin: number;
  /** A lower bound on that block's time: the latest committed block's. */
  readonly timeMsMin: number;
  /** The newest validator set known (the one the next block's transactions see). */
  readonly validators: readonly Validator[];
  /** The modules paused now. */
  readonly paused: ReadonlySet<string>;
}

/** Whether any message of `input` must be run to be admitted (most transfers need not). */
export function needsAdmissionRun(modules: ModuleTable, input: TxInput): boolean {
  return input.tx.body.messages.some(
    (m) => (modules.entry(m.type)?.def.admission ?? 'run') === 'run',
  );
}

/**
 * The error the block would record for `input`, when it would certainly fail; undefined when it
 * may succeed. `pending` are the sender's transactions already waiting, in nonce order. Callers
 * ask `needsAdmissionRun` first: this always runs.
 */
export function admissionFailure(
  at: AdmissionState,
  input: TxInput,
  pending: readonly TxInput[],
): PolityError | undefined {
  const scratch = createOverlay(at.state);
  let ctx: TxContext = {
    modules: at.modules,
    height: at.heightMin,
    timeMs: at.timeMsMin,
    paused: at.paused,
    validators: at.validators,
  };
  for (const p of pending) {
    const outcome = applyTx(scratch, ctx, p);
    if (outcome.included) ctx = { ...ctx, validators: outcome.validators };
  }
  const outcome = applyTx(scratch, ctx, input);
  // Not includable at all is the caller's check (key, nonce, fee against the queue).
  if (!outcome.included || outcome.failure === undefined) return undefined;
  const failure = outcome.failure;
  const curable = input.tx.body.messages.some(
    (m) => at.modules.entry(m.type)?.def.curableByTime?.(failure) === true,
  );
  return curable ? undefined : failure;
}

// Applies a block's transactions in order and collects fees for the proposer. In `propose` mode a
// transaction that may not be in a block (stale nonce, can no longer pay its fee) is left out and
// reported; in `validate` mode it makes the whole block invalid.
import { polityError, type PolityError } from '../lib/index.ts';
import type { Receipt } from '../types/index.ts';
import { credit } from './accounts.ts';
import { applyTx, type TxInput } from './applyTx.ts';
import { createOverlay, type StateReader } from './overlay.ts';
import type { RecordEvent } from './records.ts';

/** The block being applied. */
export interface BlockContext {
  readonly height: number;
  readonly proposer: Uint8Array;
  readonly mode: 'propose' | 'validate';
}

/** A record change with where it happened. */
export interface LocatedRecordEvent extends RecordEvent {
  readonly txHash: Uint8Array;
  readonly txIndex: number;
}

/** What applying a block produced. */
export interface BlockResult {
  /** The transactions actually in the block, in order. */
  readonly included: readonly TxInput[];
  readonly receipts: readonly Receipt[];
  /** Transactions left out in propose mode, with why. */
  readonly excluded: readonly { readonly input: TxInput; readonly error: PolityError }[];
  readonly changes: ReadonlyMap<string, Uint8Array | undefined>;
  readonly recordEvents: readonly LocatedRecordEvent[];
  readonly feesCollected: bigint;
}

/** Applies `txs` over `state` and returns the changes without writing them. */
export function applyBlock(
  state: StateReader,
  ctx: BlockContext,
  txs: readonly TxInput[],
): BlockResult {
  const overlay = createOverlay(state);
  const included: TxInput[] = [];
  const receipts: Receipt[] = [];
  const excluded: { input: TxInput; error: PolityError }[] = [];
  const recordEvents: LocatedRecordEvent[] = [];
  let fees = 0n;
  for (const input of txs) {
    const outcome = applyTx(overlay, { height: ctx.height }, input);
    if (!outcome.included) {
      if (ctx.mode === 'validate') {
        throw polityError(
          'invalid_block',
          'invalid',
          `Block ${ctx.height} holds a transaction that may not be included: ${outcome.error.message}`,
          { code: outcome.error.code },
        );
      }
      excluded.push({ input, error: outcome.error });
      continue;
    }
    const txIndex = included.length;
    included.push(input);
    receipts.push(outcome.receipt);
    fees += outcome.receipt.fee;
    for (const event of outcome.events)
      recordEvents.push({ ...event, txHash: input.hash, txIndex });
  }
  if (fees > 0n) credit(overlay, ctx.proposer, fees);
  return {
    included,
    receipts,
    excluded,
    changes: overlay.changes(),
    recordEvents,
    feesCollected: fees,
  };
}

// Applies a block: every module's begin-block hook (table order), the transactions in order, the
// fees, and every end-block hook (reverse table order). In `propose` mode a transaction that may
// not be in a block (stale nonce, can no longer pay its fee) is left out and reported; in
// `validate` mode it makes the whole block invalid. What modules report (events, validator-set
// changes, marks) is merged here and handed to the hooks that follow: no module calls another's
// hooks, and nothing outside a module's folder knows what it does.
import { withDetails, type PolityError } from '../lib/index.ts';
import type { Receipt, Validator, ValidatorUpdate } from '../types/index.ts';
import { credit } from './accounts.ts';
import { applyTx, type TxContext, type TxInput } from './applyTx.ts';
import { executionErrors } from './errors.ts';
import {
  validatorSetChanged,
  type BlockHookContext,
  type LocatedEvent,
  type Mark,
  type Misbehaviour,
  type Output,
} from './module.ts';
import { createOverlay, type StateOverlay, type StateReader } from './overlay.ts';
import type { ModuleTable } from './table.ts';
import { updateValidatorSet } from './validatorSet.ts';

/** The block being applied. */
export interface BlockContext {
  readonly modules: ModuleTable;
  readonly height: number;
  /** The header's time: governance's periods run on it. */
  readonly timeMs: number;
  readonly proposer: Uint8Array;
  readonly mode: 'propose' | 'validate';
  /**
   * The newest validator set before this block: the one effective at `height + 1`. Changes made
   * by this block apply to it (and take effect at `height + 2`).
   */
  readonly validators: readonly Validator[];
  /** Double signing proved by the block's evidence. */
  readonly misbehaviour?: readonly Misbehaviour[];
  /** Validators of the previous height absent from the block's last commit (downtime). */
  readonly absent?: readonly Uint8Array[];
  /** Upgrades this build can run. */
  readonly upgrades: ReadonlySet<string>;
}

/** What applying a block produced. */
export interface BlockResult {
  /** The transactions actually in the block, in order. */
  readonly included: readonly TxInput[];
  readonly receipts: readonly Receipt[];
  /** Transactions left out in propose mode, with why. */
  readonly excluded: readonly { readonly input: TxInput; readonly error: PolityError }[];
  readonly changes: ReadonlyMap<string, Uint8Array | undefined>;
  /** Every module event of the block, in order, with the transaction that caused it. */
  readonly events: readonly LocatedEvent[];
  readonly feesCollected: bigint;
  /** Validator-set changes of the block (transactions, then hooks), in order. */
  readonly validatorUpdates: readonly ValidatorUpdate[];
  /** The validator set after those changes (`ctx.validators` when there were none). */
  readonly validators: readonly Validator[];
}

// The block's outputs so far, which hooks read and extend.
interface Accumulated {
  readonly marks: Set<Mark>;
  readonly events: LocatedEvent[];
  readonly validatorUpdates: ValidatorUpdate[];
  validators: readonly Validator[];
}

// `after` is the set the updates lead to when the caller computed it already (a transaction did).
function merge(
  acc: Accumulated,
  out: Output | undefined,
  tx: LocatedEvent['tx'],
  after?: readonly Validator[],
): void {
  if (out === undefined) return;
  for (const e of out.events ?? []) acc.events.push({ ...e, tx });
  for (const m of out.marks ?? []) acc.marks.add(m);
  const updates = out.validatorUpdates ?? [];
  if (updates.length === 0) return;
  acc.validators = after ?? updateValidatorSet(acc.validators, updates);
  acc.validatorUpdates.push(...updates);
  acc.marks.add(validatorSetChanged);
}

function hookContext(ctx: BlockContext, acc: Accumulated): BlockHookContext {
  return {
    height: ctx.height,
    timeMs: ctx.timeMs,
    proposer: ctx.proposer,
    validators: acc.validators,
    marks: acc.marks,
    misbehaviour: ctx.misbehaviour ?? [],
    absent: ctx.absent ?? [],
    upgrades: ctx.upgrades,
  };
}

// The block's fees: each module that distributes fees takes its part, the proposer the rest.
function payFees(state: StateOverlay, ctx: BlockContext, acc: Accumulated, fees: bigint): void {
  let rest = fees;
  for (const m of ctx.modules.modules) {
    if (rest === 0n || m.distributeFees === undefined) continue;
    const paid = m.distributeFees(state, hookContext(ctx, acc), rest);
    rest = paid.rest;
    for (const mark of paid.marks ?? []) acc.marks.add(mark);
  }
  if (rest > 0n) credit(state, ctx.proposer, rest);
}

/** Applies `txs` over `state` and returns the changes without writing them. */
export function applyBlock(
  state: StateReader,
  ctx: BlockContext,
  txs: readonly TxInput[],
): BlockResult {
  const overlay = createOverlay(state);
  const { modules } = ctx.modules;
  const acc: Accumulated = {
    marks: new Set(),
    events: [],
    validatorUpdates: [],
    validators: ctx.validators,
  };
  for (const m of modules) merge(acc, m.beginBlock?.(overlay, hookContext(ctx, acc)), undefined);

  const included: TxInput[] = [];
  const receipts: Receipt[] = [];
  const excluded: { input: TxInput; error: PolityError }[] = [];
  let fees = 0n;
  // Pauses decided by the end of the previous block apply to this one.
  const paused = ctx.modules.paused(state);
  let txCtx: TxContext = {
    modules: ctx.modules,
    height: ctx.height,
    timeMs: ctx.timeMs,
    paused,
    validators: acc.validators,
  };
  for (const input of txs) {
    if (txCtx.validators !== acc.validators) txCtx = { ...txCtx, validators: acc.validators };
    const outcome = applyTx(overlay, txCtx, input);
    if (!outcome.included) {
      if (ctx.mode === 'validate')
        throw withDetails(
          executionErrors.invalid_block({
            height: ctx.height,
            reason: `it holds a transaction that may not be included: ${outcome.error.message}`,
          }),
          { code: outcome.error.code },
        );
      excluded.push({ input, error: outcome.error });
      continue;
    }
    const txIndex = included.length;
    included.push(input);
    receipts.push(outcome.receipt);
    fees += outcome.receipt.fee;
    // Most transactions (transfers) report nothing beyond their receipt.
    if (
      outcome.events.length > 0 ||
      outcome.marks.length > 0 ||
      outcome.validatorUpdates.length > 0
    )
      merge(acc, outcome, { index: txIndex, hash: input.hash }, outcome.validators);
  }
  payFees(overlay, ctx, acc, fees);
  for (let i = modules.length - 1; i >= 0; i--)
    merge(acc, modules[i]?.endBlock?.(overlay, hookContext(ctx, acc)), undefined);
  return {
    included,
    receipts,
    excluded,
    changes: overlay.changes(),
    events: acc.events,
    feesCollected: fees,
    validatorUpdates: acc.validatorUpdates,
    validators: acc.validators,
  };
}

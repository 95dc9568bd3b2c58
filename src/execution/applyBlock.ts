// Applies a block's transactions in order and collects fees for the proposer. In `propose` mode a
// transaction that may not be in a block (stale nonce, can no longer pay its fee) is left out and
// reported; in `validate` mode it makes the whole block invalid.
import { polityError, type PolityError } from '../lib/index.ts';
import type { Receipt, Validator, ValidatorUpdate } from '../types/index.ts';
import { credit } from './accounts.ts';
import { applyTx, type TxContext, type TxInput } from './applyTx.ts';
import { endBlockGovernance, pausedModules } from './governance/endBlock.ts';
import { readGovState } from './governance/store.ts';
import { applyScheduledUpgrade, knownUpgrades } from './upgrades.ts';
import {
  beginBlockStaking,
  distributeFees,
  endBlockStaking,
  type Misbehaviour,
} from './staking/staking.ts';
import { createOverlay, type StateReader } from './overlay.ts';
import type { RecordEvent } from './records.ts';

/** The block being applied. */
export interface BlockContext {
  readonly height: number;
  /** The header's time: governance's periods run on it. */
  readonly timeMs: number;
  readonly proposer: Uint8Array;
  readonly mode: 'propose' | 'validate';
  /** The only account allowed to change the validator set (genesis); undefined: nobody. */
  readonly validatorAdmin: Uint8Array | undefined;
  /**
   * The newest validator set before this block: the one effective at `height + 1`. Changes made
   * by this block apply to it (and take effect at `height + 2`).
   */
  readonly validators: readonly Validator[];
  /** Double signing proved by the block's evidence (slashed and tombstoned on public chains). */
  readonly misbehaviour?: readonly Misbehaviour[];
  /** Validators of the previous height absent from the block's last commit (downtime). */
  readonly absent?: readonly Uint8Array[];
  /** Upgrades this build can run (default: every one it ships); see upgrades.ts. */
  readonly upgrades?: ReadonlySet<string>;
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
  /** Validator-set changes of the block's successful transactions, in order. */
  readonly validatorUpdates: readonly ValidatorUpdate[];
  /** The validator set after those changes (`ctx.validators` when there were none). */
  readonly validators: readonly Validator[];
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
  const validatorUpdates: ValidatorUpdate[] = [];
  let fees = 0n;
  applyScheduledUpgrade(overlay, ctx.height, ctx.upgrades ?? knownUpgrades);
  const rollsChanged = { value: false };
  const stakingChanged = new Set<string>();
  beginBlockStaking(
    overlay,
    { height: ctx.height, timeMs: ctx.timeMs, changed: stakingChanged },
    ctx.misbehaviour ?? [],
    ctx.absent ?? [],
  );
  let txCtx: TxContext = {
    height: ctx.height,
    timeMs: ctx.timeMs,
    paused: pausedModules(readGovState(state)),
    rollsChanged,
    stakingChanged,
    validatorAdmin: ctx.validatorAdmin,
    validators: ctx.validators,
  };
  for (const input of txs) {
    const outcome = applyTx(overlay, txCtx, input);
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
    if (outcome.validatorUpdates.length > 0) {
      validatorUpdates.push(...outcome.validatorUpdates);
      txCtx = { ...txCtx, validators: outcome.validators };
    }
  }
  const stakeCtx = { height: ctx.height, timeMs: ctx.timeMs, changed: stakingChanged };
  if (fees > 0n && !distributeFees(overlay, stakeCtx, ctx.proposer, fees))
    credit(overlay, ctx.proposer, fees);
  const staking = endBlockStaking(
    overlay,
    { height: ctx.height, timeMs: ctx.timeMs, changed: stakingChanged },
    txCtx.validators,
  );
  validatorUpdates.push(...staking.updates);
  const governance = endBlockGovernance(overlay, {
    height: ctx.height,
    timeMs: ctx.timeMs,
    validators: staking.validators,
    // Stake messages mark the rolls themselves; fees growing a pool do not (they move weights a
    // little, every block), so capture metrics are not recomputed for every block with fees.
    rollsChanged: rollsChanged.value || validatorUpdates.length > 0,
  });
  validatorUpdates.push(...governance.validatorUpdates);
  txCtx = { ...txCtx, validators: governance.validators };
  return {
    included,
    receipts,
    excluded,
    changes: overlay.changes(),
    recordEvents,
    feesCollected: fees,
    validatorUpdates,
    validators: txCtx.validators,
  };
}

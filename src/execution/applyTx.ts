// Applies one transaction. First the checks that decide whether it may be in a block at all
// (signature, key, nonce, fee), then the fee and nonce are charged, then its messages run from a
// checkpoint, each through its module's definition: a failing message reverts every message's
// changes but never the fee (a failure receipt), and never crashes the node. What the messages
// report (events, validator-set changes, marks for the block's hooks) leaves the transaction only
// when every message succeeded.
import { samePublicKey, verifySignature } from '../crypto/index.ts';
import { assert, isPolityError, type PolityError } from '../lib/index.ts';
import {
  receiptStatus,
  type Receipt,
  type Validator,
  type ValidatorUpdate,
} from '../types/index.ts';
import { readAccount, writeAccount, type Account } from './accounts.ts';
import { executionErrors } from './errors.ts';
import { intrinsicGas } from './gas.ts';
import type { Mark, MessageContext, ModuleEvent } from './module.ts';
import type { StateOverlay, StateReader } from './overlay.ts';
import type { AnyMessage, ModuleTable } from './table.ts';
import { txSignBytesFromRaw, type SignedTxOf } from './txFormat.ts';
import { signerMatchesAddress } from './validateTx.ts';
import { updateValidatorSet } from './validatorSet.ts';

/** A transaction ready to execute. */
export interface TxInput {
  readonly tx: SignedTxOf<AnyMessage>;
  readonly raw: Uint8Array;
  readonly hash: Uint8Array;
  /** True when the signature was already verified (admission cache), so it is not checked twice. */
  readonly signatureVerified: boolean;
}

/** Where a transaction executes. */
export interface TxContext {
  readonly modules: ModuleTable;
  readonly height: number;
  /** The block's time (its header's), in milliseconds. */
  readonly timeMs: number;
  /** Modules paused by governance: their messages fail with `module_paused`. */
  readonly paused: ReadonlySet<string>;
  /** The newest validator set, as earlier transactions of the block left it. */
  readonly validators: readonly Validator[];
}

/** What a transaction that ran reports besides its receipt (all empty when it failed). */
export interface TxEffects {
  readonly events: readonly ModuleEvent[];
  /** Validator-set changes it made. */
  readonly validatorUpdates: readonly ValidatorUpdate[];
  /** The validator set after it (the context's when unchanged). */
  readonly validators: readonly Validator[];
  readonly marks: readonly Mark[];
}

/** Either the transaction ran (its receipt may still be a failure) or it may not be in a block. */
export type TxOutcome =
  | ({
      readonly included: true;
      readonly receipt: Receipt;
      /** Why it failed (its receipt's code and message), when it did. */
      readonly failure: PolityError | undefined;
    } & TxEffects)
  | { readonly included: false; readonly error: PolityError };

/**
 * The checks that admission and block validation share: signature, controlling key, nonce and the
 * ability to pay the fee. `expectedNonce`/`reservedBalance` let the mempool account for queued txs.
 */
export function checkTxAgainstState(
  state: StateReader,
  input: TxInput,
  expectedNonce?: number,
  reservedBalance = 0n,
  account: Account = readAccount(state, input.tx.body.sender),
): PolityError | undefined {
  const { tx } = input;
  if (account.publicKey === undefined) {
    if (!signerMatchesAddress(tx)) return executionErrors.signer_mismatch();
  } else if (!samePublicKey(account.publicKey, tx.signer)) {
    return executionErrors.signer_mismatch();
  }
  const nonce = expectedNonce ?? account.nonce;
  if (tx.body.nonce < nonce)
    return executionErrors.nonce_stale({ nonce: tx.body.nonce, expected: nonce });
  if (tx.body.nonce > nonce)
    return executionErrors.nonce_gap({ nonce: tx.body.nonce, expected: nonce });
  if (account.balance < reservedBalance + tx.body.fee)
    return executionErrors.insufficient_funds({
      balance: account.balance,
      needed: reservedBalance + tx.body.fee,
    });
  if (
    !input.signatureVerified &&
    !verifySignature(tx.signer, txSignBytesFromRaw(input.raw, tx), tx.signature)
  )
    return executionErrors.bad_signature({
      reason: 'it was made by another key or for other bytes',
    });
  return undefined;
}

/** The `module_paused` error of the first message that uses a paused module, if any. */
export function pausedProblem(
  modules: ModuleTable,
  messages: readonly AnyMessage[],
  paused: ReadonlySet<string>,
): PolityError | undefined {
  if (paused.size === 0) return undefined;
  for (const m of messages) {
    const module = modules.entry(m.type)?.module;
    if (module?.pausable === true && paused.has(module.name))
      return executionErrors.module_paused({ module: module.name });
  }
  return undefined;
}

interface Collected {
  readonly events: ModuleEvent[];
  readonly validatorUpdates: ValidatorUpdate[];
  readonly marks: Mark[];
  validators: readonly Validator[];
}

function runMessages(
  state: StateOverlay,
  ctx: TxContext,
  input: TxInput,
  collected: Collected,
  gas: { used: number },
): void {
  const { body } = input.tx;
  // One context per transaction, made again only when a message changed the validator set.
  let messageCtx: MessageContext | undefined;
  for (const message of body.messages) {
    const entry = ctx.modules.entry(message.type);
    // A type the table does not know cannot have decoded: a transaction is decoded by its table.
    assert(entry !== undefined, `message type ${message.type} is in the table`);
    const cost = entry.def.gas(message);
    if (gas.used + cost > body.gasLimit)
      throw executionErrors.out_of_gas({ limit: body.gasLimit, needed: gas.used + cost });
    gas.used += cost;
    if (entry.module.pausable && ctx.paused.has(entry.module.name))
      throw executionErrors.module_paused({ module: entry.module.name });
    messageCtx ??= {
      height: ctx.height,
      timeMs: ctx.timeMs,
      sender: body.sender,
      txHash: input.hash,
      validators: collected.validators,
      pausable: ctx.modules.pausable,
    };
    const out = entry.def.run(state, messageCtx, message);
    if (out === undefined) continue;
    if (out.events !== undefined) collected.events.push(...out.events);
    if (out.marks !== undefined) collected.marks.push(...out.marks);
    if (out.validatorUpdates !== undefined && out.validatorUpdates.length > 0) {
      collected.validators = updateValidatorSet(collected.validators, out.validatorUpdates);
      collected.validatorUpdates.push(...out.validatorUpdates);
      messageCtx = undefined;
    }
  }
}

/** Applies one transaction to `state` (see the module comment for the failure rules). */
export function applyTx(state: StateOverlay, ctx: TxContext, input: TxInput): TxOutcome {
  const { body } = input.tx;
  const account = readAccount(state, body.sender);
  const problem = checkTxAgainstState(state, input, undefined, 0n, account);
  if (problem !== undefined) return { included: false, error: problem };
  writeAccount(state, body.sender, {
    balance: account.balance - body.fee,
    nonce: account.nonce + 1,
    publicKey: account.publicKey ?? input.tx.signer,
  });

  const gas = { used: intrinsicGas(input.raw.length) };
  const checkpoint = state.checkpoint();
  const collected: Collected = {
    events: [],
    validatorUpdates: [],
    marks: [],
    validators: ctx.validators,
  };
  const receipt = (status: number, code: string, message: string): Receipt => ({
    txHash: input.hash,
    status,
    code,
    message,
    gasUsed: Math.min(gas.used, body.gasLimit),
    fee: body.fee,
  });
  try {
    runMessages(state, ctx, input, collected, gas);
  } catch (error) {
    if (!isPolityError(error)) throw error;
    state.revert(checkpoint);
    return {
      included: true,
      receipt: receipt(receiptStatus.failed, error.code, error.message),
      failure: error,
      events: [],
      validatorUpdates: [],
      validators: ctx.validators,
      marks: [],
    };
  }
  return {
    included: true,
    receipt: receipt(receiptStatus.ok, '', ''),
    failure: undefined,
    ...collected,
  };
}

// Applies one transaction. First the checks that decide whether it may be in a block at all
// (signature, key, nonce, fee), then the fee and nonce are charged, then its messages run from a
// checkpoint: a failing message reverts every message's changes but never the fee (a failure
// receipt), and never crashes the node. Validator-set changes are reverted the same way: they
// leave the transaction only when every message succeeded.
import { samePublicKey, verifySignature } from '../crypto/index.ts';
import {
  equalBytes,
  isPolityError,
  polityError,
  unreachable,
  type PolityError,
} from '../lib/index.ts';
import {
  intrinsicGas,
  messageGas,
  receiptStatus,
  signerMatchesAddress,
  txSignBytes,
  type Account,
  type Message,
  type Receipt,
  type SignedTx,
  type Validator,
  type ValidatorUpdate,
} from '../types/index.ts';
import { readAccount, transfer, writeAccount } from './accounts.ts';
import {
  insufficientFunds,
  nonceGap,
  nonceStale,
  outOfGas,
  signerMismatch,
  validatorUpdateUnauthorized,
} from './errors.ts';
import type { StateOverlay, StateReader } from './overlay.ts';
import { deleteRecord, putRecord, type RecordEvent } from './records.ts';
import { runGovMessage } from './governance/messages.ts';
import { runStakeMessage } from './staking/staking.ts';
import { updateValidatorSet } from './validators.ts';

/** A transaction ready to execute. */
export interface TxInput {
  readonly tx: SignedTx;
  readonly raw: Uint8Array;
  readonly hash: Uint8Array;
  /** True when the signature was already verified (admission cache), so it is not checked twice. */
  readonly signatureVerified: boolean;
}

/** Where a transaction executes. */
export interface TxContext {
  readonly height: number;
  /** The block's time (its header's), in milliseconds: governance's clock. */
  readonly timeMs: number;
  /** Modules an emergency proposal paused: their messages fail with `module_paused`. */
  readonly paused: ReadonlySet<string>;
  /** Set by a message that changed who votes in governance (capture metrics are recomputed). */
  readonly rollsChanged: { value: boolean };
  /** Validators (hex addresses) whose stake or status changed: power recomputed at block end. */
  readonly stakingChanged: Set<string>;
  /** The only account allowed to change the validator set (genesis); undefined: nobody. */
  readonly validatorAdmin: Uint8Array | undefined;
  /** The newest validator set, as earlier transactions of the block left it. */
  readonly validators: readonly Validator[];
}

/** Either the transaction ran (its receipt may still be a failure) or it may not be in a block. */
export type TxOutcome =
  | {
      readonly included: true;
      readonly receipt: Receipt;
      readonly events: readonly RecordEvent[];
      /** Validator-set changes this transaction made (empty unless it succeeded with some). */
      readonly validatorUpdates: readonly ValidatorUpdate[];
      /** The validator set after this transaction (`ctx.validators` when unchanged). */
      readonly validators: readonly Validator[];
    }
  | { readonly included: false; readonly error: PolityError };

// What a transaction's messages did so far; dropped whole when one of them fails.
interface TxEffects {
  readonly events: RecordEvent[];
  readonly validatorUpdates: ValidatorUpdate[];
  validators: readonly Validator[];
}

/**
 * The checks that admission and block validation share: signature, controlling key, nonce and the
 * ability to pay the fee. `pendingNonce`/`pendingSpend` let the mempool account for queued txs.
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
    if (!signerMatchesAddress(tx)) return signerMismatch();
  } else if (!samePublicKey(account.publicKey, tx.signer)) {
    return signerMismatch();
  }
  const nonce = expectedNonce ?? account.nonce;
  if (tx.body.nonce < nonce) return nonceStale(tx.body.nonce, nonce);
  if (tx.body.nonce > nonce) return nonceGap(tx.body.nonce, nonce);
  if (account.balance < reservedBalance + tx.body.fee) {
    return insufficientFunds(reservedBalance + tx.body.fee, account.balance);
  }
  if (!input.signatureVerified && !verifySignature(tx.signer, txSignBytes(tx.body), tx.signature)) {
    return polityError(
      'bad_signature',
      'unauthorized',
      'The signature does not verify for this transaction and key. Re-sign it.',
    );
  }
  return undefined;
}

// The module an emergency pause would stop; governance itself can never be paused.
function moduleOf(message: Message): string | undefined {
  switch (message.type) {
    case 'transfer':
      return 'transfer';
    case 'record.put':
    case 'record.delete':
      return 'records';
    case 'validators.update':
      return 'validators';
    default:
      return undefined;
  }
}

/** The `module_paused` error of the first message that uses a paused module, if any. */
export function pausedProblem(
  messages: readonly Message[],
  paused: ReadonlySet<string>,
): PolityError | undefined {
  if (paused.size === 0) return undefined;
  for (const m of messages) {
    const module = moduleOf(m);
    if (module !== undefined && paused.has(module)) return modulePaused(module);
  }
  return undefined;
}

function modulePaused(module: string): PolityError {
  return polityError(
    'module_paused',
    'unavailable',
    `The ${module} module is paused by an emergency governance decision; see GET /v1/governance for when the pause ends.`,
  );
}

function runMessage(
  state: StateOverlay,
  ctx: TxContext,
  input: TxInput,
  message: Message,
  effects: TxEffects,
): void {
  const sender = input.tx.body.sender;
  const module = moduleOf(message);
  if (module !== undefined && ctx.paused.has(module)) throw modulePaused(module);
  switch (message.type) {
    case 'transfer':
      transfer(state, sender, message.to, message.amount);
      return;
    case 'record.put':
      effects.events.push(
        putRecord(
          state,
          { height: ctx.height, txHash: input.hash },
          sender,
          message.key,
          message.value,
          message.contentType,
        ),
      );
      return;
    case 'record.delete':
      effects.events.push(deleteRecord(state, sender, message.key));
      return;
    case 'validators.update':
      // Interim authority until governance decides validator changes (issue 4).
      if (ctx.validatorAdmin === undefined || !equalBytes(sender, ctx.validatorAdmin))
        throw validatorUpdateUnauthorized();
      effects.validators = updateValidatorSet(effects.validators, message.updates);
      effects.validatorUpdates.push(...message.updates);
      return;
    case 'gov.propose':
    case 'gov.deposit':
    case 'gov.vote':
    case 'gov.delegate':
      runGovMessage(
        state,
        {
          height: ctx.height,
          timeMs: ctx.timeMs,
          validators: effects.validators,
          rollsChanged: ctx.rollsChanged,
        },
        sender,
        message,
      );
      return;
    case 'stake.create-validator':
    case 'stake.delegate':
    case 'stake.undelegate':
    case 'stake.withdraw':
    case 'stake.unjail':
      runStakeMessage(
        state,
        { height: ctx.height, timeMs: ctx.timeMs, changed: ctx.stakingChanged },
        sender,
        message,
      );
      ctx.rollsChanged.value = true;
      return;
    default:
      unreachable(message);
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

  let gasUsed = intrinsicGas(input.raw.length);
  const checkpoint = state.checkpoint();
  const effects: TxEffects = { events: [], validatorUpdates: [], validators: ctx.validators };
  const receipt = (status: number, code: string, message: string): Receipt => ({
    txHash: input.hash,
    status,
    code,
    message,
    gasUsed: Math.min(gasUsed, body.gasLimit),
    fee: body.fee,
  });
  try {
    for (const message of body.messages) {
      const cost = messageGas(message);
      if (gasUsed + cost > body.gasLimit) throw outOfGas(body.gasLimit, gasUsed + cost);
      gasUsed += cost;
      runMessage(state, ctx, input, message, effects);
    }
  } catch (error) {
    if (!isPolityError(error)) throw error;
    state.revert(checkpoint);
    return {
      included: true,
      receipt: receipt(receiptStatus.failed, error.code, error.message),
      events: [],
      validatorUpdates: [],
      validators: ctx.validators,
    };
  }
  return {
    included: true,
    receipt: receipt(receiptStatus.ok, '', ''),
    events: effects.events,
    validatorUpdates: effects.validatorUpdates,
    validators: effects.validators,
  };
}

// Applies one transaction. First the checks that decide whether it may be in a block at all
// (signature, key, nonce, fee), then the fee and nonce are charged, then its messages run from a
// checkpoint: a failing message reverts every message's changes but never the fee (a failure
// receipt), and never crashes the node.
import { samePublicKey, verifySignature } from '../crypto/index.ts';
import { isPolityError, polityError, unreachable, type PolityError } from '../lib/index.ts';
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
} from '../types/index.ts';
import { readAccount, transfer, writeAccount } from './accounts.ts';
import { insufficientFunds, nonceGap, nonceStale, outOfGas, signerMismatch } from './errors.ts';
import type { StateOverlay, StateReader } from './overlay.ts';
import { deleteRecord, putRecord, type RecordEvent } from './records.ts';

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
}

/** Either the transaction ran (its receipt may still be a failure) or it may not be in a block. */
export type TxOutcome =
  | { readonly included: true; readonly receipt: Receipt; readonly events: readonly RecordEvent[] }
  | { readonly included: false; readonly error: PolityError };

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

function runMessage(
  state: StateOverlay,
  ctx: TxContext,
  input: TxInput,
  message: Message,
): RecordEvent | undefined {
  const sender = input.tx.body.sender;
  switch (message.type) {
    case 'transfer':
      transfer(state, sender, message.to, message.amount);
      return undefined;
    case 'record.put':
      return putRecord(
        state,
        { height: ctx.height, txHash: input.hash },
        sender,
        message.key,
        message.value,
        message.contentType,
      );
    case 'record.delete':
      return deleteRecord(state, sender, message.key);
    default:
      return unreachable(message);
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
  const events: RecordEvent[] = [];
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
      const event = runMessage(state, ctx, input, message);
      if (event !== undefined) events.push(event);
    }
  } catch (error) {
    if (!isPolityError(error)) throw error;
    state.revert(checkpoint);
    return {
      included: true,
      receipt: receipt(receiptStatus.failed, error.code, error.message),
      events: [],
    };
  }
  return { included: true, receipt: receipt(receiptStatus.ok, '', ''), events };
}

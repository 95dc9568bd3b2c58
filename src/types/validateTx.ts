// Stateless transaction checks: everything that can be decided from the transaction alone, so the
// mempool and block validation reject it before touching state. Signatures are checked separately
// (asynchronously, off the event loop) by the caller.
import { addressOf, schemesMatch } from '../crypto/index.ts';
import { equalBytes, polityError, toHex, utf8, type PolityError } from '../lib/index.ts';
import { intrinsicGas } from './gas.ts';
import { contentTypeBytesMax, recordKeyBytesMax, recordValueBytesMax } from './limits.ts';
import type { Message, SignedTx } from './tx.ts';
import { checkGovMessage } from './validateGovTx.ts';
import { validatorPowerMax, type ValidatorUpdate } from './validator.ts';

function checkRecordKey(key: string, index: number): PolityError | undefined {
  const keyBytes = utf8(key).length;
  if (keyBytes > 0 && keyBytes <= recordKeyBytesMax) return undefined;
  return polityError(
    'record_key_invalid',
    'invalid',
    `Message ${index}: a record key is 1 to ${recordKeyBytesMax} bytes of UTF-8; got ${keyBytes}.`,
  );
}

// Whether the caller may change the set, and whether the set stays valid, depend on state: those
// checks belong to execution. Here: the list itself is well formed.
function checkValidatorUpdates(
  updates: readonly ValidatorUpdate[],
  index: number,
): PolityError | undefined {
  if (updates.length === 0) {
    return polityError(
      'validator_updates_empty',
      'invalid',
      `Message ${index}: a validators.update lists at least one change.`,
    );
  }
  const seen = new Set<string>();
  for (const u of updates) {
    const id = `${u.publicKey.scheme}:${toHex(u.publicKey.bytes)}`;
    if (seen.has(id)) {
      return polityError(
        'validator_update_duplicate',
        'invalid',
        `Message ${index}: a validators.update names the same key twice; give each key once.`,
      );
    }
    seen.add(id);
    if (u.power > validatorPowerMax) {
      return polityError(
        'validator_power_too_large',
        'invalid',
        `Message ${index}: a validator's power is at most ${validatorPowerMax}; got ${u.power}.`,
      );
    }
  }
  return undefined;
}

function positive(amount: bigint, index: number): PolityError | undefined {
  return amount === 0n
    ? polityError('zero_amount', 'invalid', `Message ${index}: the amount must be positive.`)
    : undefined;
}

function checkMessage(m: Message, index: number): PolityError | undefined {
  switch (m.type) {
    case 'transfer':
      if (m.amount === 0n) {
        return polityError(
          'zero_amount',
          'invalid',
          `Message ${index}: a transfer must move a positive amount.`,
        );
      }
      return undefined;
    case 'record.put': {
      const keyProblem = checkRecordKey(m.key, index);
      if (keyProblem !== undefined) return keyProblem;
      if (m.value.length > recordValueBytesMax) {
        return polityError(
          'record_too_large',
          'too_large',
          `Message ${index}: a record value is at most ${recordValueBytesMax} bytes; got ${m.value.length}. Store the data elsewhere and record its hash.`,
        );
      }
      if (utf8(m.contentType).length > contentTypeBytesMax) {
        return polityError(
          'content_type_too_long',
          'invalid',
          `Message ${index}: a content type is at most ${contentTypeBytesMax} bytes.`,
        );
      }
      return undefined;
    }
    case 'record.delete':
      return checkRecordKey(m.key, index);
    case 'validators.update':
      return checkValidatorUpdates(m.updates, index);
    case 'gov.propose':
    case 'gov.deposit':
    case 'gov.vote':
    case 'gov.delegate':
      return checkGovMessage(m, index, checkValidatorUpdates);
    case 'stake.create-validator':
      if (m.commissionBps > 10_000)
        return polityError(
          'commission_invalid',
          'invalid',
          `Message ${index}: a commission is at most 10000 basis points (100%).`,
        );
      return positive(m.amount, index);
    case 'stake.delegate':
    case 'stake.undelegate':
      return positive(m.amount, index);
    case 'stake.withdraw':
    case 'stake.unjail':
      return undefined;
  }
}

/** Parameters the stateless checks depend on. */
export interface StatelessParams {
  readonly chainId: string;
  readonly minGasPrice: bigint;
}

/**
 * Checks a decoded transaction against everything that needs no state: chain id, message bounds,
 * gas limit and fee. Returns the first problem, or undefined when the transaction may proceed.
 */
export function validateTxStateless(
  tx: SignedTx,
  encodedBytes: number,
  params: StatelessParams,
): PolityError | undefined {
  const { body } = tx;
  if (body.chainId !== params.chainId) {
    return polityError(
      'wrong_chain_id',
      'invalid',
      `The transaction is for chain "${body.chainId}" but this is "${params.chainId}". Sign it for this chain.`,
    );
  }
  if (body.messages.length === 0) {
    return polityError('empty_tx', 'invalid', 'A transaction needs at least one message.');
  }
  for (let i = 0; i < body.messages.length; i++) {
    const message = body.messages[i];
    const problem = message === undefined ? undefined : checkMessage(message, i);
    if (problem !== undefined) return problem;
  }
  const intrinsic = intrinsicGas(encodedBytes);
  if (body.gasLimit < intrinsic) {
    return polityError(
      'gas_limit_too_low',
      'invalid',
      `The gas limit ${body.gasLimit} is below the ${intrinsic} this transaction's size alone costs. Raise --gas-limit.`,
    );
  }
  const feeMin = BigInt(body.gasLimit) * params.minGasPrice;
  if (body.fee < feeMin) {
    return polityError(
      'fee_too_low',
      'invalid',
      `The fee ${body.fee} is below gas limit × minimum gas price = ${feeMin}. Raise the fee.`,
    );
  }
  if (!schemesMatch(tx.signer, tx.signature)) {
    return polityError(
      'bad_signature',
      'unauthorized',
      'The signature scheme does not match the signer key scheme.',
    );
  }
  return undefined;
}

/** Whether `signer` is the key whose address is `sender` (used for an account's first transaction). */
export function signerMatchesAddress(tx: SignedTx): boolean {
  return equalBytes(addressOf(tx.signer), tx.body.sender);
}

// Execution's typed errors. Each becomes a failure receipt's code (messages failing inside a block)
// or a rejection at admission (checks before the fee is charged).
import { polityError, type PolityError } from '../lib/index.ts';

/** The sender cannot cover what it spends. */
export function insufficientFunds(needed: bigint, balance: bigint): PolityError {
  return polityError(
    'insufficient_funds',
    'invalid',
    `The account holds ${balance} but needs ${needed}. Fund it or lower the amount or fee.`,
  );
}

/** The transaction's nonce is below the account's. */
export function nonceStale(nonce: number, expected: number): PolityError {
  return polityError(
    'nonce_stale',
    'conflict',
    `Nonce ${nonce} was already used (the account's next nonce is ${expected}); this looks like a replay. Query the account for its nonce.`,
  );
}

/** The transaction's nonce skips ahead. */
export function nonceGap(nonce: number, expected: number): PolityError {
  return polityError(
    'nonce_gap',
    'invalid',
    `Nonce ${nonce} skips ahead: the next nonce for this account is ${expected}. Submit the missing transactions first.`,
  );
}

/** The signer is not the account's key. */
export function signerMismatch(): PolityError {
  return polityError(
    'signer_mismatch',
    'unauthorized',
    'The signing key does not control the sender account. Sign with the account key.',
  );
}

/** Gas ran out while executing. */
export function outOfGas(limit: number, needed: number): PolityError {
  return polityError(
    'out_of_gas',
    'invalid',
    `The transaction needs ${needed} gas but its limit is ${limit}. Raise the gas limit.`,
  );
}

/** A record.delete named a record that does not exist. */
export function recordNotFound(key: string): PolityError {
  return polityError(
    'record_not_found',
    'not_found',
    `No record "${key}" exists under the sender's namespace.`,
  );
}

/** Balance arithmetic would overflow u64. */
export function balanceOverflow(): PolityError {
  return polityError(
    'balance_overflow',
    'invalid',
    'The receiving balance would exceed the largest representable amount.',
  );
}

/** A validators.update from anyone but the chain's validator admin (or on a chain without one). */
export function validatorUpdateUnauthorized(): PolityError {
  return polityError(
    'validator_update_unauthorized',
    'unauthorized',
    'Only the validator admin named in the genesis parameters may change the validator set, and this chain names none or another account.',
  );
}

/** A validators.update would leave no validator. */
export function validatorSetEmpty(): PolityError {
  return polityError(
    'validator_set_empty',
    'invalid',
    'The update would remove every validator; a chain needs at least one.',
  );
}

/** A validators.update would exceed the bound on the set's size. */
export function validatorSetTooLarge(size: number, max: number): PolityError {
  return polityError(
    'validator_set_too_large',
    'invalid',
    `The update would make a set of ${size} validators; at most ${max} may validate.`,
  );
}

/** A validators.update removed (power 0) a key that is not a validator. */
export function validatorUnknown(address: string): PolityError {
  return polityError(
    'validator_unknown',
    'not_found',
    `Validator ${address} is not in the set, so it cannot be removed.`,
  );
}

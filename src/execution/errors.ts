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

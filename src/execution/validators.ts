// Changes of the validator set made by transactions. Execution only computes the new set and
// checks that it stays usable; the chain application stores it and makes it effective two blocks
// after the block that changed it (docs/adr/0012-chain-application.md).
import { addressOf, formatAddress } from '../crypto/index.ts';
import { equalBytes } from '../lib/index.ts';
import { validatorsMax, type Validator, type ValidatorUpdate } from '../types/index.ts';
import { validatorSetEmpty, validatorSetTooLarge, validatorUnknown } from './errors.ts';

/**
 * The set after `updates`, applied in order: a validator already in the set (same address) takes
 * its new power in place, or leaves with power 0; a new key with positive power joins at the end.
 * Throws a typed error (a failure receipt's code) when a removed key is not in the set or the
 * result would be empty or larger than `validatorsMax`.
 */
export function updateValidatorSet(
  current: readonly Validator[],
  updates: readonly ValidatorUpdate[],
): Validator[] {
  const next = current.slice();
  for (const update of updates) {
    const address = addressOf(update.publicKey);
    const at = next.findIndex((v) => equalBytes(v.address, address));
    if (update.power === 0) {
      if (at < 0) throw validatorUnknown(formatAddress(address));
      next.splice(at, 1);
    } else if (at >= 0) {
      next[at] = { address, publicKey: update.publicKey, power: update.power };
    } else {
      next.push({ address, publicKey: update.publicKey, power: update.power });
    }
  }
  if (next.length === 0) throw validatorSetEmpty();
  if (next.length > validatorsMax) throw validatorSetTooLarge(next.length, validatorsMax);
  return next;
}

// Changes of the validator set, whoever makes them (the validator admin, an enacted proposal,
// staking). Execution only computes the new set and checks that it stays usable; the chain
// application stores it and makes it effective two blocks after the block that changed it
// (docs/adr/0012-chain-application.md).
import { addressOf, formatAddress } from '../crypto/index.ts';
import { equalBytes, toHex, type PolityError } from '../lib/index.ts';
import {
  validatorPowerMax,
  validatorsMax,
  type Validator,
  type ValidatorUpdate,
} from '../types/index.ts';
import { executionErrors } from './errors.ts';

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
      if (at < 0) throw executionErrors.validator_unknown({ address: formatAddress(address) });
      next.splice(at, 1);
    } else if (at >= 0) {
      next[at] = { address, publicKey: update.publicKey, power: update.power };
    } else {
      next.push({ address, publicKey: update.publicKey, power: update.power });
    }
  }
  if (next.length === 0) throw executionErrors.validator_set_empty();
  if (next.length > validatorsMax)
    throw executionErrors.validator_set_too_large({ size: next.length, max: validatorsMax });
  return next;
}

/**
 * The stateless checks of a list of changes (message `index`): at least one, each key once, each
 * power within bounds. Whether the caller may change the set, and whether it stays valid, depend
 * on state.
 */
export function checkValidatorUpdates(
  updates: readonly ValidatorUpdate[],
  index: number,
): PolityError | undefined {
  if (updates.length === 0) return executionErrors.validator_updates_empty({ index });
  const seen = new Set<string>();
  for (const u of updates) {
    const id = `${u.publicKey.scheme}:${toHex(u.publicKey.bytes)}`;
    if (seen.has(id)) return executionErrors.validator_update_duplicate({ index });
    seen.add(id);
    if (u.power > validatorPowerMax)
      return executionErrors.validator_power_too_large({
        index,
        max: validatorPowerMax,
        power: u.power,
      });
  }
  return undefined;
}

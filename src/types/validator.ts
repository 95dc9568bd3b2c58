// Validator sets: who may sign blocks and with what voting power. The header commits to the set's
// hash so a light client can check a commit against it.
import { encode, fixedBytes, struct, uint, vec, type Infer } from '../codec/index.ts';
import { addressSizeBytes, publicKeyCodec, taggedHash } from '../crypto/index.ts';
import { validatorsMax } from './limits.ts';

/** One validator: its address, consensus public key and voting power. */
export const validatorCodec = struct({
  address: fixedBytes(addressSizeBytes),
  publicKey: publicKeyCodec,
  power: uint,
});

/** One validator: its address, consensus public key and voting power. */
export type Validator = Infer<typeof validatorCodec>;

/** An ordered validator set. */
export const validatorSetCodec = vec(validatorCodec, validatorsMax);

/** The hash committed in headers. */
export function validatorSetHash(validators: readonly Validator[]): Uint8Array {
  return taggedHash('polity/validators', encode(validatorSetCodec, validators));
}

/** Sum of voting power. */
export function totalPower(validators: readonly Validator[]): number {
  let sum = 0;
  for (const v of validators) sum += v.power;
  return sum;
}

/**
 * Largest voting power one validator may hold: a full set of `validatorsMax` validators then
 * totals below 2^49, so power sums and the 2/3 comparison (× 3) stay exact in a double.
 */
export const validatorPowerMax = 2 ** 40;

/** One change of the validator set: the key's new power (0 removes the validator). */
export const validatorUpdateCodec = struct({ publicKey: publicKeyCodec, power: uint });

/** One change of the validator set (see `validatorUpdateCodec`). */
export type ValidatorUpdate = Infer<typeof validatorUpdateCodec>;

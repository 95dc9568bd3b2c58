// The validators module: direct changes of the validator set by the chain's validator admin, an
// interim authority a consortium genesis may name until governance decides admissions (a passed
// `validators.update` proposal changes the set without it). The admin is kept in state, so anyone
// can prove who it is.
import { struct, vec } from '../../codec/index.ts';
import { defineErrors, equalBytes } from '../../lib/index.ts';
import { validatorUpdateCodec, validatorsMax } from '../../types/index.ts';
import { defineMessage, type ModuleDef } from '../module.ts';
import type { StateReader } from '../overlay.ts';
import { checkValidatorUpdates } from '../validatorSet.ts';

/** The validators module's declared codes (docs/spec/errors.md). */
export const validatorsErrors = defineErrors('validators', {
  validator_update_unauthorized: {
    kind: 'unauthorized',
    message:
      'Only the validator admin named in the genesis parameters may change the validator set, and this chain names none or another account.',
  },
});

/** The first byte of the module's state keys. */
export const validatorsStatePrefix = 0x76;
/** Where the validator admin's address is kept (absent: nobody may change the set directly). */
export const validatorAdminKey = Uint8Array.of(validatorsStatePrefix, 0x00);

/** Gas of a validator set change. */
export const validatorsGas = { update: 10_000, perUpdate: 1_000 } as const;

/** The validator admin, if the chain has one. */
export function readValidatorAdmin(state: StateReader): Uint8Array | undefined {
  return state.get(validatorAdminKey);
}

/** `validators.update {updates}`: the admin changes validators' powers (0 removes one). */
export const validatorsUpdateMessage = defineMessage({
  type: 'validators.update',
  tag: 4,
  codec: struct({ updates: vec(validatorUpdateCodec, validatorsMax) }),
  check: (m, index) => checkValidatorUpdates(m.updates, index),
  gas: (m) => validatorsGas.update + validatorsGas.perUpdate * m.updates.length,
  run(state, ctx, m) {
    const admin = readValidatorAdmin(state);
    if (admin === undefined || !equalBytes(admin, ctx.sender))
      throw validatorsErrors.validator_update_unauthorized();
    return { validatorUpdates: m.updates };
  },
});

/** The validators module. */
export const validatorsModule = {
  name: 'validators',
  pausable: true,
  messages: [validatorsUpdateMessage],
  statePrefixes: [validatorsStatePrefix],
  genesis(state, genesis) {
    if (genesis.validatorAdmin !== undefined) state.set(validatorAdminKey, genesis.validatorAdmin);
  },
} as const satisfies ModuleDef;

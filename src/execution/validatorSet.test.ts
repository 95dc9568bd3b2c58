// The validators.update message: its stateless checks, its gas, and how a set is updated.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateSigner } from '../crypto/index.ts';
import { isPolityError } from '../lib/index.ts';
import { validatorPowerMax, validatorsMax, type ValidatorUpdate } from '../types/index.ts';
import { testValidator } from '../../test/support/chainApp.ts';
import {
  updateValidatorSet,
  moduleTable,
  validatorsGas,
  messageGas,
  validateTxStateless,
  type Message,
  type SignedTx,
} from './index.ts';

const [a, b, c] = [0xd1, 0xd2, 0xd3].map((seed) => testValidator(seed, 5));
const upd = (v: typeof a, power: number): ValidatorUpdate => ({
  publicKey: v!.validator.publicKey,
  power,
});

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    assert.ok(isPolityError(error));
    return error.code;
  }
}

test('updates apply in order: in place, appended, removed', () => {
  const set = [a!.validator, b!.validator];
  const next = updateValidatorSet(set, [upd(b, 7), upd(c, 2), upd(a, 0)]);
  assert.deepEqual(next, [
    { ...b!.validator, power: 7 },
    { ...c!.validator, power: 2 },
  ]);
  assert.deepEqual(set, [a!.validator, b!.validator], 'the input set is not changed');
  assert.equal(
    codeOf(() => updateValidatorSet(set, [upd(c, 0)])),
    'validator_unknown',
  );
  assert.equal(
    codeOf(() => updateValidatorSet(set, [upd(a, 0), upd(b, 0)])),
    'validator_set_empty',
  );
  const full = Array.from({ length: validatorsMax }, (_, i) => testValidator(i, 1).validator);
  assert.equal(
    codeOf(() => updateValidatorSet(full, [{ publicKey: generateSigner().publicKey, power: 1 }])),
    'validator_set_too_large',
  );
});

test('stateless checks and gas of validators.update', () => {
  const tx = (m: Message): SignedTx => ({
    body: {
      chainId: 'c',
      sender: a!.validator.address,
      nonce: 0,
      fee: 100_000n,
      gasLimit: 100_000,
      messages: [m],
      memo: '',
    },
    signer: a!.validator.publicKey,
    signature: { scheme: 'ed25519', bytes: new Uint8Array(64) },
  });
  const check = (updates: readonly ValidatorUpdate[]) =>
    validateTxStateless(tx({ type: 'validators.update', updates }), 300, {
      chainId: 'c',
      minGasPrice: 1n,
    })?.code;
  assert.equal(check([upd(b, 1)]), undefined);
  assert.equal(check([]), 'validator_updates_empty');
  assert.equal(check([upd(b, 1), upd(b, 0)]), 'validator_update_duplicate');
  assert.equal(check([upd(b, validatorPowerMax + 1)]), 'validator_power_too_large');
  assert.equal(
    messageGas(moduleTable, {
      type: 'validators.update',
      updates: [upd(b, 1), upd(c, 1)],
    } as Message),
    validatorsGas.update + 2 * validatorsGas.perUpdate,
  );
});

// genesis.json: rendering and parsing round-trip, with and without the optional validator admin,
// and bad documents fail with invalid_genesis.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPolityError } from '../lib/index.ts';
import { validatorPowerMax } from '../types/index.ts';
import { testAccount } from '../../test/support/chain.ts';
import { testGenesis, testValidator } from '../../test/support/chainApp.ts';
import { genesisFromJson, genesisHash, genesisToJson } from './index.ts';

const admin = testAccount(1);
const v = testValidator(0xe1, 10);

test('a genesis round-trips through JSON with or without a validator admin', () => {
  for (const genesis of [testGenesis([v], [admin]), testGenesis([v], [admin], admin.address)]) {
    const json = JSON.parse(JSON.stringify(genesisToJson(genesis))) as unknown;
    const parsed = genesisFromJson(json);
    assert.deepEqual(parsed, genesis);
    assert.deepEqual(genesisHash(parsed), genesisHash(genesis));
  }
  const withAdmin = genesisToJson(testGenesis([v], [admin], admin.address)) as {
    params: { validatorAdmin?: string };
  };
  assert.match(withAdmin.params.validatorAdmin ?? '', /^pol1/);
  assert.equal(
    'validatorAdmin' in (genesisToJson(testGenesis([v], [])) as { params: object }).params,
    false,
  );
});

test('bad validator admins and powers are invalid_genesis', () => {
  const base = genesisToJson(testGenesis([v], [admin])) as {
    params: Record<string, unknown>;
    validators: Record<string, unknown>[];
  };
  const bad = [
    { ...base, params: { ...base.params, validatorAdmin: 42 } },
    { ...base, validators: [{ ...base.validators[0], power: validatorPowerMax + 1 }] },
  ];
  for (const json of bad)
    assert.throws(
      () => genesisFromJson(json),
      (e: unknown) => isPolityError(e, 'invalid_genesis'),
    );
  assert.throws(() =>
    genesisFromJson({ ...base, params: { ...base.params, validatorAdmin: 'pol1nope' } }),
  );
});

// Slashing from consensus evidence, end to end in the simulator: on a public chain, a validator
// that double-votes is caught by honest nodes, the evidence is gossiped and committed, and
// execution slashes and tombstones it — recorded with the evidence — and removes it from the set.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readStakeValidator } from '../../src/execution/index.ts';
import { toHex } from '../../src/lib/index.ts';
import { chooseScenario, type Scenario } from './scenario.ts';
import { runSimulation } from './simulation.ts';
import { simParties } from './world.ts';
import { addressOf } from '../../src/crypto/index.ts';

test('a double-voting validator is slashed and tombstoned by the evidence consensus produced', async () => {
  const base = chooseScenario(7, { validators: 4, faultsMs: 3_000 });
  const scenario: Scenario = {
    ...base,
    powers: [10, 10, 10, 10],
    roles: [
      { kind: 'honest' },
      { kind: 'honest' },
      { kind: 'honest' },
      {
        kind: 'byzantine',
        behaviour: { equivocate: false, doubleVote: true, bothP: 1, invalidP: 0 },
      },
    ],
    partitions: [],
    crashes: [],
    clockSkewMs: {},
    livenessHeights: 6,
    publicChain: true,
  };
  const byzantine = addressOf(simParties(scenario).keys[3]!.publicKey);
  let checked = false;
  const result = await runSimulation(scenario, {
    inspect: (reference) => {
      const record = readStakeValidator(reference.state, byzantine);
      assert.ok(record !== undefined, 'the genesis validators are bonded on a public chain');
      assert.equal(record.tombstoned, true);
      const slash = record.slashes[0];
      assert.equal(slash?.reason, 'double_sign');
      assert.equal(slash.amount, 500_000n, '5% of its 10,000,000 bonded');
      assert.equal(toHex(slash.evidenceHash).length, 64);
      const next = reference.validatorsAt(reference.tip().height + 2) ?? [];
      assert.ok(!next.some((v) => toHex(v.address) === toHex(byzantine)), 'out of the set');
      checked = true;
    },
  });
  assert.ok(result.evidenceCommitted >= 1, 'evidence was committed');
  assert.ok(checked);
});

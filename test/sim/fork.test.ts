// The checker can fail: with faulty validators holding a third of the power or more — two keys
// run as twins, half of the power — and a partition that gives each twin's side +2/3, both sides
// finalise their own blocks, and the agreement check must report the fork with its seed. If no
// seed of the bounded search is caught, the checker is broken and this test fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forkScenario } from './scenario.ts';
import { runSimulation, SimFailure } from './simulation.ts';

test('with a third of the power or more faulty (twins across a partition), the checker reports a fork', async () => {
  const seedsMax = 10;
  let caught: SimFailure | undefined;
  for (let seed = 1; seed <= seedsMax && caught === undefined; seed++) {
    try {
      await runSimulation(forkScenario(seed));
    } catch (error) {
      if (!(error instanceof SimFailure)) throw error;
      assert.equal(error.violation.invariant, 'agreement', error.message);
      caught = error;
    }
  }
  assert.ok(caught !== undefined, `no fork reported in ${seedsMax} seeds: the checker is broken`);
  const { seed, message } = caught;
  assert.match(
    message,
    new RegExp(`seed ${seed} failed: agreement: two blocks finalised at height`),
  );
  assert.ok(message.includes(`npm run test:sim -- --seed ${seed} --scenario fork`), message);
  assert.ok(message.includes('N=4 powers=[10,10,10,10] faulty=[v2:twins,v3:twins]'), message);
});

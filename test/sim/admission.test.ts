// A proposer that skips admission (Byzantine, or running other rules) includes transactions
// certain to fail. Every node executes its blocks alike: each such transaction is recorded with
// its failed receipt and charged its fee, the reference application accepts every block, and no
// invariant breaks (agreement, validity, equal state roots), under the simulator's faults.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseScenario, nodeNamesOf, type Scenario } from './scenario.ts';
import { runSimulation } from './simulation.ts';

test('a proposer that skips admission: its doomed transactions fail alike on every node', async () => {
  const base = chooseScenario(11, { validators: 4, faultsMs: 3_000 });
  const roles = base.powers.map(() => ({ kind: 'honest' as const }));
  const scenario: Scenario = {
    ...base,
    roles,
    txIntervalMs: 40,
    livenessHeights: 6,
    // Every node's pool receives some: whoever proposes includes them.
    doomedTxsTo: nodeNamesOf(roles),
  };
  let failed = 0;
  let feesOfFailed = 0n;
  const result = await runSimulation(scenario, {
    inspect: (reference) => {
      for (let h = 1; h <= reference.tip().height; h++) {
        for (const receipt of reference.store.loadBlock(h)?.receipts() ?? []) {
          if (receipt.status === 0) continue;
          assert.equal(receipt.code, 'record_not_found');
          failed++;
          feesOfFailed += receipt.fee;
        }
      }
    },
  });
  assert.ok(result.txs.doomed > 0, 'doomed transactions were injected');
  assert.ok(failed > 0, 'some reached a block, with a failed receipt');
  assert.ok(feesOfFailed > 0n, 'and paid their fees');
});

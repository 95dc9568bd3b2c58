// Adding a module is one folder (test/support/counterModule) and one line in a table: a chain
// built on `[...modules, counterModule]` decodes, admits, executes, indexes and checks the toy
// module's messages with no other change, and a chain without the line does not know them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createChainApp, inlineVerifier, type ChainApp } from '../../src/chain/index.ts';
import {
  createModuleTable,
  modules,
  readAccount,
  type AnyMessage,
  type ModuleTable,
} from '../../src/execution/index.ts';
import { silentLogger } from '../support/silentLogger.ts';
import { createMemoryKvStore } from '../../src/state/index.ts';
import { testAccount } from '../support/chain.ts';
import {
  forceIntoPool,
  proposeAndCommit,
  testGenesis,
  testValidator,
} from '../support/chainApp.ts';
import {
  counterCap,
  counterIndexKey,
  counterModule,
  readBlocksWithAdds,
  readCounter,
} from '../support/counterModule/index.ts';

const table = createModuleTable([...modules, counterModule]);
const v1 = testValidator(0xd1, 10);
const alice = testAccount(0x51);

async function open(
  withTable: ModuleTable,
): Promise<{ app: ChainApp; kv: ReturnType<typeof createMemoryKvStore> }> {
  const kv = createMemoryKvStore();
  const app = await createChainApp({
    kv,
    genesis: testGenesis([v1], [alice]),
    mempool: { txsMax: 100, bytesMax: 1024 * 1024 },
    verifier: inlineVerifier,
    logger: silentLogger,
    modules: withTable,
  });
  return { app, kv };
}

function add(app: ChainApp, withTable: ModuleTable, amount: number): Uint8Array {
  const nonce = readAccount(app.state, alice.address).nonce;
  const messages: AnyMessage[] = [{ type: 'counter.add', amount } as AnyMessage];
  const body = {
    chainId: 'test-chain',
    sender: alice.address,
    nonce,
    fee: 100_000n,
    gasLimit: 100_000,
    messages,
    memo: '',
  };
  return withTable.tx.encode({
    body,
    signer: alice.signer.publicKey,
    signature: alice.signer.sign(withTable.tx.signBytes(body)),
  });
}

test('a toy module in a table of its own: genesis, admission, execution, events, index, hooks', async () => {
  const { app, kv } = await open(table);
  assert.equal(readCounter(app.state), 0, 'its genesis ran');

  const [ok] = await app.submitTxs([add(app, table, 5)]);
  assert.equal(ok?.accepted, true);
  const { candidate } = await proposeAndCommit(app, v1, [v1]);
  assert.equal(readCounter(app.state), 5);
  assert.equal(readBlocksWithAdds(app.state), 1, 'its end-block hook saw its mark');
  assert.ok(kv.get(counterIndexKey(candidate.block.header.height, 0)), 'its index was written');

  // Past the cap: certain to fail, so refused before it costs a fee (the handler said so).
  const balance = readAccount(app.state, alice.address).balance;
  const [refused] = await app.submitTxs([add(app, table, counterCap)]);
  assert.ok(refused !== undefined && !refused.accepted);
  assert.equal(refused.error.code, 'counter_over_cap');
  assert.equal(readAccount(app.state, alice.address).balance, balance);
  // Its stateless check runs at admission too.
  const [zero] = await app.submitTxs([add(app, table, 0)]);
  assert.equal(zero?.accepted === false && zero.error.code, 'counter_zero_add');

  // Forced into a block, it fails with its receipt and pays the fee; the invariant holds.
  forceIntoPool(app, add(app, table, counterCap));
  const forced = await proposeAndCommit(app, v1, [v1]);
  const receipt = app.store.loadBlock(forced.candidate.block.header.height)!.receipts()[0]!;
  assert.equal(receipt.code, 'counter_over_cap');
  assert.equal(readCounter(app.state), 5);
  assert.deepEqual(table.brokenInvariants(app.state), []);
});

test('a chain without the line does not know the message', async () => {
  const { app } = await open(createModuleTable(modules));
  const [result] = await app.submitTxs([add(app, table, 1)]);
  assert.ok(result !== undefined && !result.accepted);
  assert.equal(result.error.code, 'unknown_message_type');
  assert.equal(readCounter(app.state), -1, 'no genesis of it either');
});

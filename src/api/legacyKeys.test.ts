// A chain that stored a record under a key the grammar now refuses (a tab) keeps serving it: the
// block is written by a build whose record.put checked only the key's length, then the chain is
// reopened by this build and read over HTTP.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createChainApp, inlineVerifier } from '../chain/index.ts';
import { formatAddress } from '../crypto/index.ts';
import {
  createModuleTable,
  modules,
  recordPutMessage,
  recordsModule,
  type ModuleDef,
} from '../execution/index.ts';
import { utf8 } from '../lib/index.ts';
import { signedTx, testAccount, testLedger } from '../../test/support/chain.ts';
import { proposeAndCommit, testValidator } from '../../test/support/chainApp.ts';
import { silentLogger } from '../../test/support/silentLogger.ts';
import { createApiServer } from './index.ts';

test('a record stored before the key grammar stays readable; an absent bad key is refused', async () => {
  const alice = testAccount(1);
  const validator = testValidator(0xee, 10);
  const { kv, genesis } = await testLedger([alice], undefined, validator.signer);

  // The earlier build: record.put checked only the key's length.
  const legacyRecords = {
    ...recordsModule,
    messages: [{ ...recordPutMessage, check: () => undefined }, ...recordsModule.messages.slice(1)],
  } as unknown as ModuleDef;
  const legacy = await createChainApp({
    kv,
    genesis,
    mempool: { txsMax: 10, bytesMax: 1024 * 1024 },
    verifier: inlineVerifier,
    logger: silentLogger,
    modules: createModuleTable(modules.map((m) => (m.name === 'records' ? legacyRecords : m))),
  });
  const put = signedTx(
    alice,
    [{ type: 'record.put', key: 'a\tb', value: utf8('old'), contentType: 'text/plain' }],
    { nonce: 0 },
  );
  const [admitted] = await legacy.submitTxs([put]);
  assert.equal(admitted?.accepted, true);
  await proposeAndCommit(legacy, validator, [validator]);

  // This build reopens the chain.
  const { ledger } = await testLedger([alice], kv, validator.signer);
  const server = createApiServer({ service: ledger, logger: false });
  const url = await server.listen({ port: 0 });
  try {
    const owner = formatAddress(alice.address);
    const stored = await fetch(`${url}/v1/records/${owner}/a%09b`);
    assert.equal(stored.status, 200);
    const body = (await stored.json()) as { key: string; record: { value: string } | null };
    assert.equal(body.key, 'a\tb');
    assert.notEqual(body.record, null);
    const history = await fetch(`${url}/v1/records/${owner}/a%09b/history`);
    assert.equal(history.status, 200);
    const listed = await fetch(`${url}/v1/accounts/${owner}/records?after=a%09b`);
    assert.equal(listed.status, 200);
    const absent = await fetch(`${url}/v1/records/${owner}/c%09d`);
    assert.equal(absent.status, 400);
    assert.equal(((await absent.json()) as { code: string }).code, 'invalid_key');
    // A new put of such a key is refused by this build.
    const again = await fetch(`${url}/v1/tx`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        tx: Buffer.from(
          signedTx(
            alice,
            [{ type: 'record.put', key: 'c\td', value: utf8('new'), contentType: 'text/plain' }],
            { nonce: 1 },
          ),
        ).toString('base64'),
      }),
    });
    assert.equal(again.status, 400);
    assert.equal(((await again.json()) as { code: string }).code, 'record_key_invalid');
  } finally {
    await server.close();
  }
});

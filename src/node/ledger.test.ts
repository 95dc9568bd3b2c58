// The ledger end to end in one process: admission, block production, receipts, proofs, records,
// and every kind of bad input rejected with its code and no state change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import type { ChainApp } from '../chain/index.ts';
import { verifyListProof } from '../crypto/index.ts';
import { equalBytes, toHex, utf8 } from '../lib/index.ts';
import type { KvStore } from '../ports/index.ts';
import { createMemoryKvStore, decodeStateProof, verifyStateProof } from '../state/index.ts';
import { blockHash, receiptHash, txBytesMax, verifyCommit } from '../types/index.ts';
import {
  accountStateKey,
  decodeTx,
  encodeAccount,
  encodeTx,
  recordStateKey,
  encodeRecord,
  signTx,
  txHash,
} from '../execution/index.ts';
import { signedTx, testAccount, testLedger } from '../../test/support/chain.ts';
import { forceIntoPool } from '../../test/support/chainApp.ts';

const alice = testAccount(1);
const bob = testAccount(2);
const carol = testAccount(3);

test('a transfer is admitted, committed with a receipt and proven', async () => {
  const { ledger } = await testLedger([alice, bob]);
  const raw = signedTx(alice, [{ type: 'transfer', to: carol.address, amount: 500n }], {
    nonce: 0,
  });
  const [result] = await ledger.submitTxs([raw]);
  assert.equal(result?.accepted, true);
  const block = await ledger.produceBlock();
  assert.ok(block);
  assert.equal(block.block.header.height, 2);
  const committed = ledger.getTx(txHash(raw));
  assert.ok(committed);
  assert.equal(committed.receipt.status, 0);
  assert.ok(verifyListProof(committed.header.txRoot, committed.hash, committed.txProof));
  assert.ok(
    verifyListProof(
      committed.header.receiptsRoot,
      receiptHash(committed.receipt),
      committed.receiptProof,
    ),
  );
  assert.ok(verifyCommit('test-chain', block.commit!, ledger.validators()).ok);
  assert.ok(equalBytes(block.commit!.blockHash, blockHash(block.block.header)));

  const carolAccount = ledger.getAccount(carol.address, true);
  assert.equal(carolAccount.value?.balance, 500n);
  const proof = carolAccount.proof!;
  assert.ok(
    verifyStateProof(
      proof.header.stateRoot,
      accountStateKey(carol.address),
      encodeAccount(carolAccount.value),
      decodeStateProof(proof.encoded),
    ),
  );
  const aliceAccount = ledger.getAccount(alice.address, false);
  assert.equal(aliceAccount.value?.nonce, 1);
  assert.equal(aliceAccount.value.balance, 1_000_000_000n - 500n - committed.receipt.fee);
});

test('state proofs verify for present and absent accounts, and fail when tampered', async () => {
  const { ledger } = await testLedger([alice]);
  const present = ledger.getAccount(alice.address, true);
  const p = decodeStateProof(present.proof!.encoded);
  assert.ok(
    verifyStateProof(
      present.proof!.header.stateRoot,
      accountStateKey(alice.address),
      encodeAccount(present.value!),
      p,
    ),
  );
  const absent = ledger.getAccount(carol.address, true);
  assert.equal(absent.value, undefined);
  const q = decodeStateProof(absent.proof!.encoded);
  assert.ok(
    verifyStateProof(absent.proof!.header.stateRoot, accountStateKey(carol.address), undefined, q),
  );
  // The absence proof must not prove a made-up value, nor a presence proof a different value.
  assert.equal(
    verifyStateProof(
      absent.proof!.header.stateRoot,
      accountStateKey(carol.address),
      encodeAccount({ balance: 1n, nonce: 0, publicKey: undefined }),
      q,
    ),
    false,
  );
  assert.equal(
    verifyStateProof(
      present.proof!.header.stateRoot,
      accountStateKey(alice.address),
      encodeAccount({ ...present.value!, balance: 1n }),
      p,
    ),
    false,
  );
});

test('records: put, update, history, list and delete, each proven', async () => {
  const { ledger } = await testLedger([alice]);
  const put = (nonce: number, value: string) =>
    signedTx(
      alice,
      [{ type: 'record.put', key: 'deeds/42', value: utf8(value), contentType: 'text/plain' }],
      { nonce },
    );
  await ledger.submitTxs([put(0, 'first')]);
  await ledger.produceBlock();
  await ledger.submitTxs([put(1, 'second')]);
  await ledger.produceBlock();
  const record = ledger.getRecord(alice.address, 'deeds/42', true);
  assert.equal(Buffer.from(record.value!.value).toString(), 'second');
  assert.equal(record.value!.version, 2);
  assert.ok(
    verifyStateProof(
      record.proof!.header.stateRoot,
      recordStateKey(alice.address, 'deeds/42'),
      encodeRecord(record.value!),
      decodeStateProof(record.proof!.encoded),
    ),
  );
  const history = await ledger.recordHistory(alice.address, 'deeds/42', 10);
  assert.deepEqual(
    history.map((h) => [h.op, Buffer.from(h.value!).toString()]),
    [
      ['put', 'second'],
      ['put', 'first'],
    ],
  );
  assert.deepEqual(await ledger.listRecords(alice.address, 10), ['deeds/42']);
  await ledger.submitTxs([
    signedTx(alice, [{ type: 'record.delete', key: 'deeds/42' }], { nonce: 2 }),
  ]);
  await ledger.produceBlock();
  assert.equal(ledger.getRecord(alice.address, 'deeds/42', false).value, undefined);
  assert.equal((await ledger.recordHistory(alice.address, 'deeds/42', 10))[0]?.op, 'delete');
  assert.deepEqual(await ledger.listRecords(alice.address, 10), []);
});

test('a transaction certain to fail is refused at admission; included anyway, it yields a failure receipt: fee charged, other changes reverted', async () => {
  const { ledger } = await testLedger([alice]);
  const raw = signedTx(
    alice,
    [
      { type: 'transfer', to: bob.address, amount: 7n },
      { type: 'record.delete', key: 'missing' },
    ],
    { nonce: 0 },
  );
  const [refused] = await ledger.submitTxs([raw]);
  assert.equal(refused?.accepted === false && refused.error.code, 'record_not_found');
  assert.equal(ledger.pendingNonce(alice.address), 0, 'nothing entered the pool');
  // A block made elsewhere (a Byzantine proposer) may hold it all the same.
  forceIntoPool(ledger.app, raw);
  await ledger.produceBlock();
  const tx = ledger.getTx(txHash(raw))!;
  assert.equal(tx.receipt.status, 1);
  assert.equal(tx.receipt.code, 'record_not_found');
  assert.equal(ledger.getAccount(bob.address, false).value, undefined);
  const a = ledger.getAccount(alice.address, false).value!;
  assert.equal(a.nonce, 1);
  assert.equal(a.balance, 1_000_000_000n - tx.receipt.fee);
});

test('bad inputs are rejected with their codes and change nothing', async () => {
  const { ledger } = await testLedger([alice, bob]);
  // Alice's nonce 0 is used once so that a replay can be tried.
  const first = signedTx(alice, [{ type: 'transfer', to: bob.address, amount: 1n }], { nonce: 0 });
  await ledger.submitTxs([first]);
  await ledger.produceBlock();
  const rootBefore = toHex(ledger.status().stateRoot);
  const heightBefore = ledger.latestHeight();

  const good = signedTx(alice, [{ type: 'transfer', to: bob.address, amount: 1n }], { nonce: 1 });
  const badSignature = good.slice();
  badSignature[badSignature.length - 1] = (badSignature[badSignature.length - 1] ?? 0) ^ 1;
  const wrongChain = signedTx(alice, [{ type: 'transfer', to: bob.address, amount: 1n }], {
    nonce: 1,
    chainId: 'other-chain',
  });
  const gap = signedTx(alice, [{ type: 'transfer', to: bob.address, amount: 1n }], { nonce: 5 });
  const poor = signedTx(alice, [{ type: 'transfer', to: bob.address, amount: 10_000_000_000n }], {
    nonce: 1,
  });
  const recordTooLarge = signedTx(
    alice,
    [{ type: 'record.put', key: 'k', value: new Uint8Array(20_000), contentType: 'x' }],
    { nonce: 1 },
  );
  const oversize = new Uint8Array(txBytesMax + 1);
  const malformed = good.subarray(0, 40);
  // Unknown message type: re-tag the first message (byte after the messages count) as type 99.
  const unknownType = good.slice();
  const tagOffset = findMessageTag(good);
  unknownType[tagOffset] = 99;
  const wrongSigner = encodeTx(signTx({ ...decodeBody(good), sender: alice.address }, bob.signer));

  const cases: [string, Uint8Array][] = [
    ['bad_signature', badSignature],
    ['wrong_chain_id', wrongChain],
    ['nonce_stale', first],
    ['nonce_gap', gap],
    ['insufficient_funds', poor],
    ['tx_too_large', oversize],
    ['malformed_bytes', malformed],
    ['unknown_message_type', unknownType],
    ['record_too_large', recordTooLarge],
    ['signer_mismatch', wrongSigner],
  ];
  for (const [code, raw] of cases) {
    const [result] = await ledger.submitTxs([raw]);
    assert.equal(result?.accepted, false, code);
    assert.equal(result.error.code, code === 'nonce_stale' ? 'tx_already_committed' : code);
  }
  // A true replay (same nonce, different content) is caught by the nonce rule.
  const replay = signedTx(alice, [{ type: 'transfer', to: bob.address, amount: 2n }], { nonce: 0 });
  const [r] = await ledger.submitTxs([replay]);
  assert.equal(r?.accepted === false ? r.error.code : 'accepted', 'nonce_stale');
  assert.equal(ledger.status().mempoolTxs, 0);
  assert.equal(await ledger.produceBlock(), undefined);
  assert.equal(toHex(ledger.status().stateRoot), rootBefore);
  assert.equal(ledger.latestHeight(), heightBefore);
});

test('a batch from one sender with consecutive nonces is admitted whole and ordered', async () => {
  const { ledger } = await testLedger([alice]);
  const raws = Array.from({ length: 50 }, (_, i) =>
    signedTx(alice, [{ type: 'transfer', to: bob.address, amount: 1n }], { nonce: i }),
  );
  const results = await ledger.submitTxs(raws);
  assert.ok(results.every((r) => r.accepted));
  const dup = await ledger.submitTxs([raws[3]!]);
  assert.equal(dup[0]?.accepted === false ? dup[0].error.code : '', 'tx_duplicate');
  await ledger.produceBlock();
  assert.equal(ledger.getAccount(bob.address, false).value?.balance, 50n);
  assert.equal(ledger.getAccount(alice.address, false).value?.nonce, 50);
});

test('reopening on the same store resumes at the same height and state', async () => {
  const first = await testLedger([alice]);
  await first.ledger.submitTxs([
    signedTx(alice, [{ type: 'transfer', to: bob.address, amount: 3n }], { nonce: 0 }),
  ]);
  await first.ledger.produceBlock();
  const before = first.ledger.status();
  const second = await testLedger([alice], first.kv, first.validator);
  const after = second.ledger.status();
  assert.equal(after.latestHeight, before.latestHeight);
  assert.equal(toHex(after.stateRoot), toHex(before.stateRoot));
  await second.ledger.submitTxs([
    signedTx(alice, [{ type: 'transfer', to: bob.address, amount: 3n }], { nonce: 1 }),
  ]);
  const next = await second.ledger.produceBlock();
  assert.ok(equalBytes(next!.block.header.prevHash, before.latestBlockHash!));
  assert.equal(second.ledger.getAccount(bob.address, false).value?.balance, 6n);
});

function decodeBody(raw: Uint8Array) {
  return decodeTx(raw).body;
}
/** Offset of the first message's type tag: after chainId, sender, nonce, fee, gasLimit, count. */
function findMessageTag(raw: Uint8Array): number {
  const chainIdLength = new DataView(raw.buffer, raw.byteOffset).getUint32(0);
  return 4 + chainIdLength + 20 + 8 + 8 + 8 + 4;
}

/**
 * A store that, like LevelDB, makes a batch readable before its write call resolves; after
 * `holdWrites()` every write stays open until the returned release is called, so a test can act
 * inside that window.
 */
function gatedKvStore(): { kv: KvStore; holdWrites: () => () => void } {
  const inner = createMemoryKvStore();
  let gate: Promise<void> = Promise.resolve();
  const kv: KvStore = {
    get: (key) => inner.get(key),
    range: (r) => inner.range(r),
    close: () => inner.close(),
    async writeBatch(writes) {
      await inner.writeBatch(writes);
      await gate;
    },
  };
  const holdWrites = (): (() => void) => {
    let release = (): void => undefined;
    gate = new Promise((resolve) => {
      release = resolve;
    });
    return release;
  };
  return { kv, holdWrites };
}

/** Resolves once `app` has a block write in flight (the block operations queue before it). */
async function blockWriteStarted(app: ChainApp): Promise<void> {
  for (let turn = 0; turn < 1000 && !app.isWriting(); turn++) await setImmediatePromise();
  assert.ok(app.isWriting(), 'a block write started');
}

test('admission during a block write sees a consistent nonce (no false nonce_stale)', async () => {
  const { kv, holdWrites } = gatedKvStore();
  // No value cache: every read goes to the store, where the in-flight batch is already visible.
  const { ledger } = await testLedger([alice], kv, undefined, { stateValueCacheMax: 0 });
  const first = signedTx(alice, [{ type: 'transfer', to: bob.address, amount: 1n }], { nonce: 0 });
  assert.equal((await ledger.submitTxs([first]))[0]?.accepted, true);
  const release = holdWrites();
  const producing = ledger.produceBlock();
  await blockWriteStarted(ledger.app);
  const second = signedTx(alice, [{ type: 'transfer', to: bob.address, amount: 1n }], { nonce: 1 });
  const submitting = ledger.submitTxs([second]);
  setTimeout(() => {
    release();
  }, 50);
  const [result] = await submitting;
  await producing;
  assert.equal(result?.accepted, true, result?.accepted === false ? result.error.code : '');
  await ledger.produceBlock();
  assert.equal(ledger.getAccount(alice.address, false).value?.nonce, 2);
});

test('record history pages by position: several changes in one block are never skipped', async () => {
  const { ledger } = await testLedger([alice]);
  const puts = ['one', 'two', 'three'].map((v, nonce) =>
    signedTx(alice, [{ type: 'record.put', key: 'k', value: utf8(v), contentType: 'text/plain' }], {
      nonce,
    }),
  );
  await ledger.submitTxs(puts);
  await ledger.produceBlock();
  const seen: string[] = [];
  let before: Awaited<ReturnType<typeof ledger.recordHistory>>[number]['position'] | undefined;
  for (let page = 0; page < 5; page++) {
    const changes = await ledger.recordHistory(alice.address, 'k', 1, before);
    if (changes.length === 0) break;
    seen.push(Buffer.from(changes[0]!.value!).toString());
    before = changes[0]!.position;
  }
  assert.deepEqual(seen, ['three', 'two', 'one']);
});

test('pendingNonce counts the transactions waiting in the mempool', async () => {
  const { ledger } = await testLedger([alice]);
  assert.equal(ledger.pendingNonce(alice.address), 0);
  await ledger.submitTxs([
    signedTx(alice, [{ type: 'transfer', to: bob.address, amount: 1n }], { nonce: 0 }),
    signedTx(alice, [{ type: 'transfer', to: bob.address, amount: 1n }], { nonce: 1 }),
  ]);
  assert.equal(ledger.pendingNonce(alice.address), 2);
  assert.equal(ledger.getAccount(alice.address, false).value?.nonce ?? 0, 0);
  await ledger.produceBlock();
  assert.equal(ledger.pendingNonce(alice.address), 2);
  assert.equal(ledger.getAccount(alice.address, false).value?.nonce, 2);
});

test('record keys of a block still being written are not listed before it commits', async () => {
  const { kv, holdWrites } = gatedKvStore();
  // No value cache: every read goes to the store, where the in-flight batch is already visible.
  const { ledger } = await testLedger([alice], kv, undefined, { stateValueCacheMax: 0 });
  await ledger.submitTxs([
    signedTx(alice, [{ type: 'record.put', key: 'k', value: utf8('v'), contentType: 'x' }], {
      nonce: 0,
    }),
  ]);
  const release = holdWrites();
  const producing = ledger.produceBlock();
  await blockWriteStarted(ledger.app);
  let committed = false;
  const listing = ledger.listRecords(alice.address, 10).then((keys) => ({ keys, committed }));
  setTimeout(() => {
    committed = true;
    release();
  }, 50);
  const seen = await listing;
  await producing;
  assert.deepEqual(seen, { keys: ['k'], committed: true });
});

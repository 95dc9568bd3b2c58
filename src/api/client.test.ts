// The client's verification (tampered proofs and forged commits are rejected with proof_invalid)
// and live events, over real HTTP against the real server.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { addressOf, formatAddress, type Signer } from '../crypto/index.ts';
import { isPolityError, utf8 } from '../lib/index.ts';
import { blockHash, signPrecommit, type Header } from '../types/index.ts';
import {
  signedTx,
  testAccount,
  testLedger,
  testSigner,
  type TestLedger,
} from '../../test/support/chain.ts';
import {
  createClient,
  type BlockEventJson,
  type FetchLike,
  type TxEventJson,
} from './client/index.ts';
import { createEventHub } from './events.ts';
import { createApiServer, type ApiServer, type LedgerService, type ProvenValue } from './index.ts';

const alice = testAccount(1);
const bob = testAccount(2);
const aliceText = formatAddress(alice.address);
const nobody = formatAddress(testAccount(3).address);

let ledger: TestLedger;
let server: ApiServer;
let url: string;
let txHashes: string[] = [];

/** A JSON answer as a lying node would edit it. */
type Json = Record<string, unknown>;

/** A fetch that rewrites JSON answers of paths containing `match`, as a lying node would. */
function tampering(match: string, mutate: (body: Json) => void): FetchLike {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!input.includes(match)) return response;
    const body = (await response.json()) as Json;
    mutate(body);
    return new Response(JSON.stringify(body), {
      status: response.status,
      headers: { 'content-type': 'application/json' },
    });
  };
}

/**
 * A dishonest node over the real ledger: its state answers carry a commit for the real header
 * signed by `rogue`, a key outside the validator set.
 */
function lyingNode(real: TestLedger, rogue: Signer): LedgerService {
  const forged = <T>(answer: ProvenValue<T>): ProvenValue<T> => {
    if (answer.proof === undefined) return answer;
    const header: Header = answer.proof.header;
    const hash = blockHash(header);
    const signature = signPrecommit(
      rogue,
      addressOf(rogue.publicKey),
      header.chainId,
      header.height,
      0,
      hash,
      header.timeMs,
    );
    const commit = { height: header.height, round: 0, blockHash: hash, signatures: [signature] };
    return { ...answer, proof: { ...answer.proof, commit } };
  };
  return {
    ...real,
    getAccount: (address, prove) => forged(real.getAccount(address, prove)),
    getRecord: (owner, key, prove) => forged(real.getRecord(owner, key, prove)),
  };
}

/** The real ledger, counting its current subscribers. */
function counting(real: TestLedger): LedgerService & { readonly listenerCount: number } {
  let listenerCount = 0;
  return {
    ...real,
    get listenerCount() {
      return listenerCount;
    },
    subscribe(listener) {
      listenerCount += 1;
      const unsubscribe = real.subscribe(listener);
      return () => {
        listenerCount -= 1;
        unsubscribe();
      };
    },
  };
}

function flipHex(hex: string): string {
  return (hex[0] === '0' ? '1' : '0') + hex.slice(1);
}

function flipFirst(list: unknown): void {
  assert.ok(Array.isArray(list) && typeof list[0] === 'string', 'the proof has a sibling to flip');
  list[0] = flipHex(list[0]);
}

async function expectInvalid(promise: Promise<unknown>, reason?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isPolityError(error, 'proof_invalid'), String(error));
    if (reason !== undefined) assert.match(error.message, reason);
    return true;
  });
}

before(async () => {
  ({ ledger } = await testLedger([alice, bob, testAccount(4)]));
  server = createApiServer({ service: ledger, logger: false, events: { subscribersMax: 2 } });
  url = await server.listen({ port: 0 });
  // Block 2 holds three transactions, so list proofs have siblings.
  const results = await createClient({ url }).submitTxs([
    signedTx(
      alice,
      [{ type: 'record.put', key: 'note', value: utf8('v1'), contentType: 'text/plain' }],
      { nonce: 0 },
    ),
    signedTx(bob, [{ type: 'transfer', to: alice.address, amount: 7n }], { nonce: 0 }),
    signedTx(testAccount(4), [{ type: 'transfer', to: bob.address, amount: 9n }], { nonce: 0 }),
  ]);
  txHashes = results.map((r) => r.hash ?? '');
  await ledger.produceBlock();
  assert.equal(ledger.getBlockByHeight(2)?.block.txs.length, 3);
});

after(async () => {
  await server.close();
});

describe('verification', () => {
  test('honest answers verify (accounts, absence, records, txs)', async () => {
    const client = createClient({ url, chainId: 'test-chain' });
    const first = await client.getTx(txHashes[0] ?? '');
    assert.equal(first.status, 'committed');
    const fee = BigInt(first.receipt.fee);
    assert.equal(
      (await client.getAccount(aliceText, { prove: true })).balance,
      String(1_000_000_000n - fee + 7n),
    );
    assert.equal((await client.getAccount(nobody, { prove: true })).exists, false);
    assert.equal((await client.getRecord(aliceText, 'note', { prove: true })).record?.version, 1);
    assert.equal((await client.getRecord(aliceText, 'missing', { prove: true })).record, null);
    for (const hash of txHashes) assert.equal((await client.getTx(hash)).status, 'committed');
  });

  test('a flipped state-proof sibling is rejected', async () => {
    const mutate = (body: Json): void => {
      flipFirst((body as { proof: { state: { siblings: unknown } } }).proof.state.siblings);
    };
    await expectInvalid(
      createClient({ url, fetch: tampering('/v1/accounts/', mutate) }).getAccount(aliceText, {
        prove: true,
      }),
    );
    await expectInvalid(
      createClient({ url, fetch: tampering('/v1/accounts/', mutate) }).getAccount(nobody, {
        prove: true,
      }),
    );
    await expectInvalid(
      createClient({ url, fetch: tampering('/v1/records/', mutate) }).getRecord(aliceText, 'note', {
        prove: true,
      }),
    );
  });

  test('a changed value, or a present record claimed absent, is rejected', async () => {
    const richer = tampering('/v1/accounts/', (body) => {
      body['balance'] = '999999999999';
    });
    await expectInvalid(
      createClient({ url, fetch: richer }).getAccount(aliceText, { prove: true }),
    );
    const hidden = tampering('/v1/records/', (body) => {
      body['record'] = null;
    });
    await expectInvalid(
      createClient({ url, fetch: hidden }).getRecord(aliceText, 'note', { prove: true }),
    );
    const noProof = tampering('/v1/accounts/', (body) => {
      delete body['proof'];
    });
    await expectInvalid(
      createClient({ url, fetch: noProof }).getAccount(aliceText, { prove: true }),
      /no proof/,
    );
  });

  test('tampered tx and receipt proofs are rejected; verify:false skips the checks', async () => {
    const hash = txHashes[1] ?? '';
    const txSibling = tampering('/v1/txs/', (body) => {
      flipFirst((body as { txProof: { siblings: unknown } }).txProof.siblings);
    });
    await expectInvalid(createClient({ url, fetch: txSibling }).getTx(hash), /tx root/);
    assert.equal(
      (await createClient({ url, fetch: txSibling }).getTx(hash, { verify: false })).status,
      'committed',
    );
    const gas = tampering('/v1/txs/', (body) => {
      (body['receipt'] as Record<string, unknown>)['gasUsed'] = 1;
    });
    await expectInvalid(createClient({ url, fetch: gas }).getTx(hash), /receipts root/);
    const otherHeader = tampering('/v1/txs/', (body) => {
      (body['header'] as Record<string, unknown>)['timeMs'] = 1;
    });
    await expectInvalid(createClient({ url, fetch: otherHeader }).getTx(hash), /another block/);
  });

  test('a commit signed by a non-validator is rejected', async () => {
    const liar = createApiServer({ service: lyingNode(ledger, testSigner(0x55)), logger: false });
    const liarUrl = await liar.listen({ port: 0 });
    try {
      await expectInvalid(
        createClient({ url: liarUrl, trustedValidators: ledger.validators() }).getAccount(
          aliceText,
          { prove: true },
        ),
        /not in the validator set/,
      );
      // Without trusted validators the client asks the node, which names the honest set.
      await expectInvalid(
        createClient({ url: liarUrl }).getRecord(aliceText, 'note', { prove: true }),
        /not in the validator set/,
      );
    } finally {
      await liar.close();
    }
    await createClient({ url }).getAccount(aliceText, { prove: true });
  });

  test('another trusted validator set, or another chain, is rejected', async () => {
    const stranger = testSigner(0x66);
    const others = [
      { address: testAccount(0x66).address, publicKey: stranger.publicKey, power: 10 },
    ];
    await expectInvalid(
      createClient({ url, trustedValidators: others }).getAccount(aliceText, { prove: true }),
      /validator set/,
    );
    await expectInvalid(
      createClient({ url, chainId: 'main' }).getAccount(aliceText, { prove: true }),
      /chain/,
    );
  });
});

describe('live events', () => {
  test('SSE delivers block and tx events; the subscriber bound answers 503', async () => {
    const client = createClient({ url });
    const blocks: BlockEventJson[] = [];
    const txs: TxEventJson[] = [];
    let opened!: () => void;
    const open = new Promise<void>((resolve) => {
      opened = resolve;
    });
    let gotBlock!: () => void;
    const received = new Promise<void>((resolve) => {
      gotBlock = resolve;
    });
    const first = client.subscribe({
      onOpen: opened,
      onBlock: (e) => {
        blocks.push(e);
        gotBlock();
      },
      onTx: (e) => txs.push(e),
    });
    await open;
    // The second fills the bound of 2; the third is refused.
    const errors: string[] = [];
    const second = client.subscribe({ onError: (e) => errors.push(e.code) });
    await new Promise<void>((resolve) => {
      client.subscribe({
        onError: (e) => {
          errors.push(e.code);
          resolve();
        },
      });
    });
    assert.deepEqual(errors, ['too_many_subscribers']);

    await createClient({ url }).submitTx(
      signedTx(alice, [{ type: 'transfer', to: bob.address, amount: 1n }], { nonce: 1 }),
    );
    await ledger.produceBlock();
    await received;
    const height = ledger.latestHeight();
    assert.deepEqual(
      blocks.map((b) => [b.height, b.txCount]),
      [[height, 1]],
    );
    assert.equal(blocks[0]?.hash.length, 64);
    assert.equal(txs[0]?.height, height);
    first.close();
    second.close();
  });

  test('server.close() ends open streams cleanly', async () => {
    const service = counting(ledger);
    const own = createApiServer({ service, logger: false });
    const ownUrl = await own.listen({ port: 0 });
    let opened!: () => void;
    const open = new Promise<void>((resolve) => {
      opened = resolve;
    });
    const ended = new Promise<string>((resolve) => {
      createClient({ url: ownUrl }).subscribe({
        onOpen: opened,
        onError: (e) => {
          resolve(e.code);
        },
      });
    });
    await open;
    const listeners = service.listenerCount;
    assert.ok(listeners > 0);
    await own.close();
    assert.equal(await ended, 'events_closed');
    assert.equal(service.listenerCount, listeners - 1);
  });

  test('a subscriber that does not keep up is dropped, not buffered for', async () => {
    const hub = createEventHub(ledger, {
      subscribersMax: 4,
      bufferedBytesMax: 1024,
      keepAliveMs: 60_000,
    });
    const frames: string[] = [];
    let destroyed = false;
    let backlogBytes = 0;
    const res = {
      get writableLength() {
        return backlogBytes;
      },
      writeHead: () => res,
      write: (frame: string) => frames.push(frame),
      on: () => res,
      end: () => undefined,
      destroy: () => {
        destroyed = true;
      },
    };
    assert.ok(hub.attach(res as unknown as ServerResponse));
    backlogBytes = 4096;
    await ledger.produceBlock({ allowEmpty: true });
    assert.ok(destroyed);
    assert.equal(frames.length, 1, 'only the opening comment was written');
    assert.equal(hub.subscriberCount, 0);
    hub.close();
  });
});

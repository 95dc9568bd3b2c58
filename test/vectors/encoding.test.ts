// Pinned vectors for every encoding we hash or sign (docs/spec/encoding.md). A second
// implementation must reproduce these bytes and hashes exactly; a change here is a protocol change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encode } from '../../src/codec/index.ts';
import { formatAddress, listRoot, parseAddress } from '../../src/crypto/index.ts';
import { fromHex, isPolityError, toHex, utf8 } from '../../src/lib/index.ts';
import {
  blockHash,
  commitCodec,
  headerCodec,
  receiptHash,
  signPrecommit,
  verifyCommit,
  type Header,
} from '../../src/types/index.ts';
import {
  decodeTx,
  encodeAccount,
  encodeTx,
  signTx,
  txHash,
  txSignBytes,
  txSignBytesFromRaw,
} from '../../src/execution/index.ts';
import { testAccount } from '../support/chain.ts';

const a = testAccount(1);
const b = testAccount(2);

const pinned = {
  addressA: 'pol1d3erjqjalt25jd9sxanwhlz3j4fmm3ej64794d',
  addressB: 'pol1nnq5nn375lhjtdmlcp84r8qd78hgn57fryn3sc',
  tx: '0000000c766563746f722d636861696e6c7239025dfad54934b03766ebfc519553bdc732000000000000000700000000000061a800000000000061a800000003019cc149ce3ea7ef25b77fc04f519c0df1ee89d3c900000000000004d202000000016b00000001760000000a746578742f706c61696e03000000016b00000002686901000000208a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c01000000407f1541bbd858ee9d2eccaa9721c00e022bb477b04737071e93b2f5eb7203f17e85a1a4981bf8c0f804407b040dcedc289fc53fb7a1bd2b6cb647dc20d795e30c',
  txHash: '0ebd1c9d2aa544d60dac9092e5f422a1ae359367f8cf752903dc0990b3788c56',
  header:
    '00010000000c766563746f722d636861696e00000000000000030000018bcfe5680001010101010101010101010101010101010101010101010101010101010101010202020202020202020202020202020202020202020202020202020202020202c2ffa543ba680d40538c5147641c42bdcd1d61554cfb523feb77c6ac3087d8cb0303030303030303030303030303030303030303030303030303030303030303e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8550404040404040404040404040404040404040404040404040404040404040404050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505056c7239025dfad54934b03766ebfc519553bdc732',
  blockHash: '628a3c789b51b14d373dd63704f1b2f43403a9413fb5ec7e9c54c0899b5b5953',
  commit:
    '000000000000000300000000628a3c789b51b14d373dd63704f1b2f43403a9413fb5ec7e9c54c0899b5b5953000000016c7239025dfad54934b03766ebfc519553bdc7320000018bcfe56801010000004064dba0b914ddfc1900b7ad9d4e4e0201a1ccdc422f9609e541245278237c8e0d1031510e9afddff58bd25811c584fc3bc3543a8b14d66ae5350c44196403a400',
  receiptHash: '17e709e94e23ed713b29881c5b692370d2b872943efcbe0f63cbb079a7cabb62',
  account:
    '000000000000000a00000000000000020101000000208a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c',
};

const tx = signTx(
  {
    chainId: 'vector-chain',
    sender: a.address,
    nonce: 7,
    fee: 25000n,
    gasLimit: 25000,
    messages: [
      { type: 'transfer', to: b.address, amount: 1234n },
      { type: 'record.put', key: 'k', value: utf8('v'), contentType: 'text/plain' },
      { type: 'record.delete', key: 'k' },
    ],
    memo: 'hi',
  },
  a.signer,
);

const header: Header = {
  version: 1,
  chainId: 'vector-chain',
  height: 3,
  timeMs: 1_700_000_000_000,
  prevHash: new Uint8Array(32).fill(1),
  lastCommitHash: new Uint8Array(32).fill(2),
  txRoot: listRoot([fromHex(pinned.txHash)!]),
  receiptsRoot: new Uint8Array(32).fill(3),
  evidenceRoot: listRoot([]),
  stateRoot: new Uint8Array(32).fill(4),
  validatorsHash: new Uint8Array(32).fill(5),
  nextValidatorsHash: new Uint8Array(32).fill(5),
  proposer: a.address,
};

test('addresses are pinned bech32m and round-trip', () => {
  assert.equal(formatAddress(a.address), pinned.addressA);
  assert.equal(formatAddress(b.address), pinned.addressB);
  assert.equal(toHex(parseAddress(pinned.addressA)), toHex(a.address));
  // One changed character breaks the checksum.
  const typo = pinned.addressA.slice(0, -1) + (pinned.addressA.endsWith('d') ? 'e' : 'd');
  assert.throws(
    () => parseAddress(typo),
    (e: unknown) => isPolityError(e, 'invalid_address'),
  );
});

test('a signed transaction has pinned bytes and hash', () => {
  const raw = encodeTx(tx);
  assert.equal(toHex(raw), pinned.tx);
  assert.equal(toHex(txHash(raw)), pinned.txHash);
  assert.deepEqual(encodeTx(decodeTx(raw)), raw);
});

test('a header has pinned bytes and hash; a commit has pinned bytes and verifies', () => {
  assert.equal(toHex(encode(headerCodec, header)), pinned.header);
  assert.equal(toHex(blockHash(header)), pinned.blockHash);
  const commit = {
    height: 3,
    round: 0,
    blockHash: blockHash(header),
    signatures: [
      signPrecommit(
        a.signer,
        a.address,
        'vector-chain',
        3,
        0,
        blockHash(header),
        1_700_000_000_001,
      ),
    ],
  };
  assert.equal(toHex(encode(commitCodec, commit)), pinned.commit);
  const validators = [{ address: a.address, publicKey: a.signer.publicKey, power: 1 }];
  assert.deepEqual(verifyCommit('vector-chain', commit, validators), { ok: true });
  assert.equal(verifyCommit('other-chain', commit, validators).ok, false);
});

test('receipt hash and account encoding are pinned', () => {
  const receipt = {
    txHash: fromHex(pinned.txHash)!,
    status: 1,
    code: 'record_not_found',
    message: 'm',
    gasUsed: 5000,
    fee: 25000n,
  };
  assert.equal(toHex(receiptHash(receipt)), pinned.receiptHash);
  assert.equal(
    toHex(encodeAccount({ balance: 10n, nonce: 2, publicKey: a.signer.publicKey })),
    pinned.account,
  );
});

test('sign bytes taken from the raw encoding equal those of the re-encoded body', () => {
  const raw = encodeTx(tx);
  assert.equal(toHex(txSignBytesFromRaw(raw, decodeTx(raw))), toHex(txSignBytes(tx.body)));
});

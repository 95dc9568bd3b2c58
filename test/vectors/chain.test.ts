// Pinned vectors for the chain application's encodings (docs/spec/encoding.md): the
// validators.update message, the hash of an evidence item (the leaf of a header's evidence root)
// and the genesis hash with and without a validator admin. A change here is a protocol change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evidenceHash, genesisHash, type Genesis } from '../../src/chain/index.ts';
import { toHex } from '../../src/lib/index.ts';
import { decodeEvidence, encodeEvidence } from '../../src/types/index.ts';
import { decodeTx, encodeTx, signTx, txHash } from '../../src/execution/index.ts';
import { testAccount } from '../support/chain.ts';
import { equivocation, testValidator } from '../support/chainApp.ts';

const a = testAccount(1);
const b = testAccount(2);

const pinned = {
  validatorsUpdateTx:
    '0000000c766563746f722d636861696e6c7239025dfad54934b03766ebfc519553bdc73200000000000000010000000000007530000000000000753000000001040000000201000000208139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394000000000000000501000000208a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c00000000000000000000000001000000208a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c0100000040571f903331508caf32ee18082abe19981a83e939dfa66f489a5b3e1e824f6731f2b6fdea1ba8b9f41bc0112eef24aeaf6b730a59ee818bec7ddc2af2c0527e08',
  validatorsUpdateTxHash: 'fe52c37ee9378ed288fcf8c2693281e8f5c74dac0715bf6f95a5ab8e6392ab3a',
  evidence:
    '01010000000c766563746f722d636861696e0000000000000003000000000101010101010101010101010101010101010101010101010101010101010101010000018bcfe568036c7239025dfad54934b03766ebfc519553bdc73201000000402718293e42ce224c156195e6d50f8de9d1ddab71ce2007ecabfacf17fc0eeeaeef12b4fda3b8efa1e67d935806970ba8955a7e96ff5be242e29626ab1b12500d010000000c766563746f722d636861696e0000000000000003000000000102020202020202020202020202020202020202020202020202020202020202020000018bcfe568036c7239025dfad54934b03766ebfc519553bdc73201000000405bd9d9ea52d349bf3123f3514da7c99fe9b2e468da6f147a9335b5fef7a8d57602e580fce8c67765163e4535ec0083bfdfe154385c68cb7e958c5198a7c3040f',
  evidenceHash: '6531f2d650ccbff5852f1164b3660b86fbfcb7426ca710c674c27a5de7796445',
  // Computed by the genesis code before validatorAdmin existed: existing chains keep their hash.
  genesisHash: 'ca1225641684bb4231b62eb33e79243081544f7f0c8f29d4dade707cdb9b57ff',
  genesisHashWithAdmin: '308ed3c61fcbebfd6b7dd13f9b66688b6a90586563cc5f8ab49176fce2b50be6',
};

test('a validators.update transaction has pinned bytes and hash', () => {
  const tx = signTx(
    {
      chainId: 'vector-chain',
      sender: a.address,
      nonce: 1,
      fee: 30000n,
      gasLimit: 30000,
      messages: [
        {
          type: 'validators.update',
          updates: [
            { publicKey: b.signer.publicKey, power: 5 },
            { publicKey: a.signer.publicKey, power: 0 },
          ],
        },
      ],
      memo: '',
    },
    a.signer,
  );
  const raw = encodeTx(tx);
  assert.equal(toHex(raw), pinned.validatorsUpdateTx);
  assert.equal(toHex(txHash(raw)), pinned.validatorsUpdateTxHash);
  assert.deepEqual(encodeTx(decodeTx(raw)), raw);
});

test('an evidence item has pinned bytes and hash', () => {
  const bytes = encodeEvidence(equivocation(testValidator(0x01, 1), 3, 'vector-chain'));
  assert.equal(toHex(bytes), pinned.evidence);
  assert.equal(toHex(evidenceHash(bytes)), pinned.evidenceHash);
  assert.deepEqual(encodeEvidence(decodeEvidence(bytes)), bytes);
});

test('the genesis hash is pinned, unchanged by the optional validator admin when absent', () => {
  const genesis: Genesis = {
    chainId: 'vector-chain',
    genesisTimeMs: 1_700_000_000_000,
    validators: [{ address: a.address, publicKey: a.signer.publicKey, power: 10 }],
    accounts: [{ address: b.address, balance: 1000n }],
    params: { minGasPrice: 1n, blockTxsMax: 100 },
  };
  assert.equal(toHex(genesisHash(genesis)), pinned.genesisHash);
  const withAdmin = { ...genesis, params: { ...genesis.params, validatorAdmin: a.address } };
  assert.equal(toHex(genesisHash(withAdmin)), pinned.genesisHashWithAdmin);
});

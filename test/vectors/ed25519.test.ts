// RFC 8032 section 7.1 test vectors for Ed25519: our signer must produce exactly these
// signatures and our verifier must accept them (and reject any one-bit change).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ed25519FromSeed, ed25519Sign, ed25519Verify } from '../../src/crypto/index.ts';
import { fromHex, toHex } from '../../src/lib/index.ts';

const vectors = [
  {
    name: 'TEST 1 (empty message)',
    secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    name: 'TEST 2 (one byte)',
    secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature:
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    name: 'TEST 3 (two bytes)',
    secret: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    publicKey: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature:
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
];

for (const v of vectors) {
  test(`RFC 8032 ${v.name}`, () => {
    const pair = ed25519FromSeed(fromHex(v.secret)!);
    assert.equal(toHex(pair.publicKey), v.publicKey);
    const message = fromHex(v.message)!;
    const signature = ed25519Sign(pair, message);
    assert.equal(toHex(signature), v.signature);
    assert.equal(ed25519Verify(pair.publicKey, message, signature), true);
    const flipped = signature.slice();
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    assert.equal(ed25519Verify(pair.publicKey, message, flipped), false);
    assert.equal(ed25519Verify(pair.publicKey, Uint8Array.of(1, ...message), signature), false);
  });
}

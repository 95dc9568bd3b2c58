// The worker pool must agree with the reference verifier on every item, valid or not, in order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signerFromSecret } from '../../crypto/index.ts';
import { createVerifyPool, libuvVerifier, type VerifyItem } from './verifyPool.ts';

test('worker verification agrees with libuv verification, item by item', async () => {
  const items: VerifyItem[] = [];
  for (let i = 0; i < 301; i++) {
    const signer = signerFromSecret('ed25519', new Uint8Array(32).fill((i % 7) + 1));
    const message = new Uint8Array(50 + (i % 13)).fill(i & 0xff);
    const signature = signer.sign(message);
    if (i % 5 === 0) {
      const bytes = signature.bytes.slice();
      bytes[i % 64] = (bytes[i % 64] ?? 0) ^ 1;
      items.push({ publicKey: signer.publicKey, message, signature: { ...signature, bytes } });
    } else if (i % 11 === 0) {
      items.push({ publicKey: signer.publicKey, message: message.subarray(1), signature });
    } else {
      items.push({ publicKey: signer.publicKey, message, signature });
    }
  }
  const pool = createVerifyPool(2);
  try {
    const fromPool = await pool.verifyBatch(items);
    const reference = await libuvVerifier.verifyBatch(items);
    assert.deepEqual(fromPool, reference);
    assert.ok(reference.includes(false) && reference.includes(true));
    assert.deepEqual(await pool.verifyBatch([]), []);
  } finally {
    await pool.close();
  }
});

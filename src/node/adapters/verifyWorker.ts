// The signature-verification worker: verifies packed batches of ed25519 signatures synchronously
// with cached key objects and returns one byte per item (1 = valid). Runs in a worker thread.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { parentPort } from 'node:worker_threads';

const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');
const keyCacheMax = 100_000;
const keys = new Map<string, KeyObject>();

function keyOf(publicKey: Buffer): KeyObject {
  const id = publicKey.toString('latin1');
  let key = keys.get(id);
  if (key === undefined) {
    key = createPublicKey({
      key: Buffer.concat([spkiPrefix, publicKey]),
      format: 'der',
      type: 'spki',
    });
    if (keys.size >= keyCacheMax) keys.clear();
    keys.set(id, key);
  }
  return key;
}

/** Verifies every item of a packed batch (layout in verifyPool.ts). */
function verifyPacked(packed: Uint8Array, count: number): Uint8Array<ArrayBuffer> {
  const buf = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  const results = new Uint8Array(new ArrayBuffer(count));
  let at = 0;
  for (let i = 0; i < count; i++) {
    const messageLength = buf.readUInt32BE(at + 96);
    const publicKey = buf.subarray(at, at + 32);
    const signature = buf.subarray(at + 32, at + 96);
    const message = buf.subarray(at + 100, at + 100 + messageLength);
    at += 100 + messageLength;
    try {
      results[i] = verify(null, message, keyOf(publicKey), signature) ? 1 : 0;
    } catch {
      results[i] = 0;
    }
  }
  return results;
}

parentPort?.on('message', (job: { id: number; packed: Uint8Array; count: number }) => {
  const results = verifyPacked(job.packed, job.count);
  parentPort?.postMessage({ id: job.id, results }, [results.buffer]);
});

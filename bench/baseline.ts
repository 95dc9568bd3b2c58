// The machine's own limit, measured in the same run as each benchmark: raw ed25519 verifications
// per second using every core (libuv thread pool), and raw SHA-256 hashes per second on one core.
import { ed25519FromSeed, ed25519Sign, sha256 } from '../src/crypto/index.ts';
import { verifySignatureAsync } from '../src/crypto/index.ts';

/** Raw ed25519 verifications/s through the same async path admission uses. */
export async function measureVerifyRate(durationMs = 2000): Promise<number> {
  const pair = ed25519FromSeed(new Uint8Array(32).fill(7));
  const message = new Uint8Array(250).fill(1);
  const signature = ed25519Sign(pair, message);
  const publicKey = { scheme: 'ed25519' as const, bytes: pair.publicKey };
  const sig = { scheme: 'ed25519' as const, bytes: signature };
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < durationMs) {
    const batch = Array.from({ length: 2000 }, () => verifySignatureAsync(publicKey, message, sig));
    await Promise.all(batch);
    done += batch.length;
  }
  return done / ((performance.now() - start) / 1000);
}

/** Raw SHA-256 hashes/s of 64-byte inputs on one core. */
export function measureHashRate(durationMs = 1000): number {
  const input = new Uint8Array(64).fill(3);
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < durationMs) {
    for (let i = 0; i < 10_000; i++) sha256(input);
    done += 10_000;
  }
  return done / ((performance.now() - start) / 1000);
}

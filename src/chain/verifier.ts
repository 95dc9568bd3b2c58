// The signature-verification port of the chain: admission and block validation verify whole
// batches through it. A node injects worker threads (src/node/adapters/verifyPool.ts); the
// simulator and small tests use the inline verifier, which is deterministic and needs no threads.
import { verifySignature, type PublicKey, type Signature } from '../crypto/index.ts';

/** One signature to check. */
export interface VerifyItem {
  readonly publicKey: PublicKey;
  readonly message: Uint8Array;
  readonly signature: Signature;
}

/** Verifies batches of signatures; one boolean per item, in order. */
export interface Verifier {
  verifyBatch(items: readonly VerifyItem[]): Promise<readonly boolean[]>;
  close(): Promise<void>;
}

/** Verification on the calling thread, one signature after another. */
export const inlineVerifier: Verifier = {
  verifyBatch: (items) =>
    Promise.resolve(items.map((i) => verifySignature(i.publicKey, i.message, i.signature))),
  close: () => Promise.resolve(),
};

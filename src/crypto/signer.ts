// One interface over every signature scheme: callers sign and verify scheme-tagged values and never
// branch on the scheme themselves.
// With ed25519 the only scheme so far, the scheme comparisons below look constant to the linter;
// they are the checks the next schemes (secp256k1, ML-DSA) need, so the rule is off in this file.
/* eslint-disable @typescript-eslint/no-unnecessary-condition */
import { equalBytes, unreachable } from '../lib/index.ts';
import { cryptoErrors } from './errors.ts';
import {
  ed25519FromSeed,
  ed25519Generate,
  ed25519Sign,
  ed25519Verify,
  ed25519VerifyAsync,
  type Ed25519KeyPair,
} from './ed25519.ts';
import type { PublicKey, SchemeName, Signature } from './scheme.ts';

/** A private key able to sign, with its public key. */
export interface Signer {
  readonly publicKey: PublicKey;
  /** The secret material (seed), needed only to export or store the key. */
  readonly secret: Uint8Array;
  sign(message: Uint8Array): Signature;
}

function ed25519Signer(pair: Ed25519KeyPair): Signer {
  return {
    publicKey: { scheme: 'ed25519', bytes: pair.publicKey },
    secret: pair.seed,
    sign: (message) => ({ scheme: 'ed25519', bytes: ed25519Sign(pair, message) }),
  };
}

/** Generates a new key of `scheme`. */
export function generateSigner(scheme: SchemeName = 'ed25519'): Signer {
  switch (scheme) {
    case 'ed25519':
      return ed25519Signer(ed25519Generate());
    default:
      return unreachable(scheme);
  }
}

/** Rebuilds a signer from its secret material. */
export function signerFromSecret(scheme: SchemeName, secret: Uint8Array): Signer {
  switch (scheme) {
    case 'ed25519':
      if (secret.length !== 32) {
        throw cryptoErrors.invalid_secret_key({ scheme, sizeBytes: 32, hexChars: 64 });
      }
      return ed25519Signer(ed25519FromSeed(secret));
    default:
      return unreachable(scheme);
  }
}

/** Verifies on the calling thread; false for any mismatch of scheme, size or signature. */
export function verifySignature(
  publicKey: PublicKey,
  message: Uint8Array,
  signature: Signature,
): boolean {
  if (publicKey.scheme !== signature.scheme) return false;
  switch (publicKey.scheme) {
    case 'ed25519':
      return ed25519Verify(publicKey.bytes, message, signature.bytes);
    default:
      return unreachable(publicKey.scheme);
  }
}

/** Verifies off the event loop (libuv thread pool), so both cores verify concurrently. */
export function verifySignatureAsync(
  publicKey: PublicKey,
  message: Uint8Array,
  signature: Signature,
): Promise<boolean> {
  if (publicKey.scheme !== signature.scheme) return Promise.resolve(false);
  switch (publicKey.scheme) {
    case 'ed25519':
      return ed25519VerifyAsync(publicKey.bytes, message, signature.bytes);
    default:
      return unreachable(publicKey.scheme);
  }
}

/** Whether a signature's scheme matches the key's scheme. */
export function schemesMatch(publicKey: PublicKey, signature: Signature): boolean {
  return publicKey.scheme === signature.scheme;
}

/** Whether two public keys are the same key of the same scheme. */
export function samePublicKey(a: PublicKey, b: PublicKey): boolean {
  return a.scheme === b.scheme && equalBytes(a.bytes, b.bytes);
}

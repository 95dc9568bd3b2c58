// The on-disk shape of one key (<home>/keys/<name>.json) and its strict parser. The file carries
// everything needed to show the key without unlocking it (address, public key, backend); the
// secret is either sealed (encrypted backend) or, for dev chains only, stored in the clear under a
// backend name nobody can mistake for a safe one.
import {
  addressOf,
  formatAddress,
  publicKeySizeBytes,
  type PublicKey,
} from '../../crypto/index.ts';
import { fromHex, toHex, utf8 } from '../../lib/index.ts';
import { keystoreErrors } from './errors.ts';
import type { CipherParams, ScryptParams } from './encryption.ts';

/** Format version of key files. */
export const keyFileVersion = 1;

/** The storage backends. */
export type KeyBackend = 'encrypted' | 'test-unencrypted';

interface KeyFileCommon {
  readonly version: 1;
  readonly name: string;
  readonly address: string;
  readonly publicKey: { readonly scheme: 'ed25519'; readonly publicKey: string };
  readonly createdAt: string;
}

/** An encrypted key file. */
export interface EncryptedKeyFile extends KeyFileCommon {
  readonly backend: 'encrypted';
  readonly crypto: { readonly kdf: ScryptParams; readonly cipher: CipherParams };
}

/** An unencrypted key file for dev chains. */
export interface TestKeyFile extends KeyFileCommon {
  readonly backend: 'test-unencrypted';
  readonly warning: string;
  /** Hex seed, in the clear. */
  readonly secret: string;
}

/** Either kind of key file. */
export type KeyFile = EncryptedKeyFile | TestKeyFile;

/** The warning stored in (and printed for) every test-backend key. */
export const testKeyWarning =
  'UNENCRYPTED TEST KEY: anyone who can read this file controls the account. Dev chains only.';

/** The bytes authenticated alongside the ciphertext: the metadata a tamperer would want to swap. */
export function keyFileAad(
  file: Pick<KeyFileCommon, 'version' | 'address' | 'publicKey'>,
): Uint8Array {
  return utf8(
    `polity/keystore/v${file.version}\u0000${file.address}\u0000${file.publicKey.scheme}:${file.publicKey.publicKey}`,
  );
}

/** Public metadata of a key, derived from its public key. */
export function keyMetadata(name: string, publicKey: PublicKey): KeyFileCommon {
  return {
    version: keyFileVersion,
    name,
    address: formatAddress(addressOf(publicKey)),
    publicKey: { scheme: publicKey.scheme, publicKey: toHex(publicKey.bytes) },
    createdAt: new Date().toISOString(),
  };
}

function corrupt(path: string, what: string): Error {
  return keystoreErrors.keystore_corrupt({ file: `The key file ${path}`, what });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(obj: Record<string, unknown>, field: string, path: string): string {
  const v = obj[field];
  if (typeof v !== 'string') throw corrupt(path, `"${field}" is missing`);
  return v;
}

function num(obj: Record<string, unknown>, field: string, path: string): number {
  const v = obj[field];
  if (typeof v !== 'number') throw corrupt(path, `"${field}" is missing`);
  return v;
}

function rec(obj: Record<string, unknown>, field: string, path: string): Record<string, unknown> {
  const v = obj[field];
  if (!isRecord(v)) throw corrupt(path, `"${field}" is missing`);
  return v;
}

/** Parses and checks a key file; the stored address must match the stored public key. */
export function parseKeyFile(text: string, path: string): KeyFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw corrupt(path, 'not JSON');
  }
  if (!isRecord(json)) throw corrupt(path, 'not a JSON object');
  if (json['version'] !== keyFileVersion) {
    throw keystoreErrors.keystore_version({
      path,
      version: String(json['version']),
      supported: keyFileVersion,
    });
  }
  const pk = rec(json, 'publicKey', path);
  const scheme = str(pk, 'scheme', path);
  const pkHex = str(pk, 'publicKey', path);
  const pkBytes = fromHex(pkHex);
  if (scheme !== 'ed25519' || pkBytes?.length !== publicKeySizeBytes.ed25519)
    throw corrupt(path, 'bad public key');
  const address = str(json, 'address', path);
  if (formatAddress(addressOf({ scheme, bytes: pkBytes })) !== address)
    throw corrupt(path, 'address does not match public key');
  const common: KeyFileCommon = {
    version: keyFileVersion,
    name: str(json, 'name', path),
    address,
    publicKey: { scheme, publicKey: pkHex },
    createdAt: typeof json['createdAt'] === 'string' ? json['createdAt'] : '',
  };
  const backend = json['backend'];
  if (backend === 'test-unencrypted') {
    return { ...common, backend, warning: testKeyWarning, secret: str(json, 'secret', path) };
  }
  if (backend !== 'encrypted') throw corrupt(path, `unknown backend ${JSON.stringify(backend)}`);
  const crypto = rec(json, 'crypto', path);
  const kdf = rec(crypto, 'kdf', path);
  const cipher = rec(crypto, 'cipher', path);
  if (kdf['name'] !== 'scrypt' || kdf['dkLen'] !== 32) throw corrupt(path, 'unsupported kdf');
  if (cipher['name'] !== 'aes-256-gcm') throw corrupt(path, 'unsupported cipher');
  return {
    ...common,
    backend,
    crypto: {
      kdf: {
        name: 'scrypt',
        N: num(kdf, 'N', path),
        r: num(kdf, 'r', path),
        p: num(kdf, 'p', path),
        dkLen: 32,
        salt: str(kdf, 'salt', path),
      },
      cipher: {
        name: 'aes-256-gcm',
        nonce: str(cipher, 'nonce', path),
        ciphertext: str(cipher, 'ciphertext', path),
        tag: str(cipher, 'tag', path),
      },
    },
  };
}

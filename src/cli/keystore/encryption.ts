// Secret encryption for the keystore: scrypt stretches the password into a key, AES-256-GCM seals
// the secret. GCM's tag makes a wrong password or a modified file fail loudly instead of yielding a
// different key; the file's public metadata is bound in as associated data, so editing the stored
// address or public key is detected too.
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { fromHex, toHex, utf8 } from '../../lib/index.ts';
import { keystoreErrors } from './errors.ts';

/** scrypt cost parameters; N = 2^15 costs about 32 MiB and ~100 ms per unlock. */
export interface ScryptParams {
  readonly name: 'scrypt';
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly dkLen: 32;
  /** Hex, 16 random bytes. */
  readonly salt: string;
}

/** The AES-256-GCM envelope of one secret; every field hex. */
export interface CipherParams {
  readonly name: 'aes-256-gcm';
  readonly nonce: string;
  readonly ciphertext: string;
  readonly tag: string;
}

/** Default scrypt work factor (OWASP's minimum for scrypt is 2^17 with r=8 for web logins; a
 * local keystore unlocked by a person trades some of that for a sub-second unlock). */
export const scryptNDefault = 2 ** 15;
/** Bounds on parameters read from a file, so a crafted file cannot make us allocate gigabytes. */
export const scryptNMax = 2 ** 20;
const scryptNMin = 2 ** 15;
const scryptRMax = 16;
const scryptPMax = 4;
const saltBytes = 16;
const nonceBytes = 12;
const tagBytes = 16;

function deriveKey(password: string, params: ScryptParams): Promise<Buffer> {
  const salt = fromHex(params.salt);
  if (salt?.length !== saltBytes) throw corrupt('the scrypt salt is not 16 bytes of hex');
  const { N, r, p } = params;
  const valid =
    Number.isInteger(N) &&
    N >= scryptNMin &&
    N <= scryptNMax &&
    (N & (N - 1)) === 0 &&
    Number.isInteger(r) &&
    r >= 1 &&
    r <= scryptRMax &&
    Number.isInteger(p) &&
    p >= 1 &&
    p <= scryptPMax;
  if (!valid) throw corrupt(`scrypt parameters out of bounds (N=${N}, r=${r}, p=${p})`);
  // Node's default maxmem (32 MiB) is exactly 128·N·r at N=2^15, r=8; allow twice the need.
  const maxmem = 2 * 128 * N * r + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(utf8(password), salt, 32, { N, r, p, maxmem }, (error, key) => {
      if (error === null) resolve(key);
      else reject(error);
    });
  });
}

function corrupt(what: string): Error {
  return keystoreErrors.keystore_corrupt({ file: 'The key file', what });
}

/** Encrypts `secret` under `password`; `aad` is authenticated but not encrypted. */
export async function encryptSecret(
  secret: Uint8Array,
  password: string,
  aad: Uint8Array,
  N: number = scryptNDefault,
): Promise<{ kdf: ScryptParams; cipher: CipherParams }> {
  const kdf: ScryptParams = {
    name: 'scrypt',
    N,
    r: 8,
    p: 1,
    dkLen: 32,
    salt: toHex(randomBytes(saltBytes)),
  };
  const key = await deriveKey(password, kdf);
  const nonce = randomBytes(nonceBytes);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: tagBytes });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(secret), cipher.final()]);
  const tag = cipher.getAuthTag();
  key.fill(0);
  return {
    kdf,
    cipher: {
      name: 'aes-256-gcm',
      nonce: toHex(nonce),
      ciphertext: toHex(ciphertext),
      tag: toHex(tag),
    },
  };
}

/** Decrypts; a wrong password and a tampered file are indistinguishable, so both say so. */
export async function decryptSecret(
  kdf: ScryptParams,
  cipher: CipherParams,
  password: string,
  aad: Uint8Array,
): Promise<Uint8Array> {
  const nonce = fromHex(cipher.nonce);
  const ciphertext = fromHex(cipher.ciphertext);
  const tag = fromHex(cipher.tag);
  if (nonce?.length !== nonceBytes || ciphertext === undefined || tag?.length !== tagBytes) {
    throw corrupt('the cipher fields are not hex of the expected sizes');
  }
  const key = await deriveKey(password, kdf);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: tagBytes });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    return new Uint8Array(plain.buffer, plain.byteOffset, plain.byteLength);
  } catch {
    throw keystoreErrors.wrong_password();
  } finally {
    key.fill(0);
  }
}

// The CLI keystore: one JSON file per key in <home>/keys (0600 files in a 0700 directory). Files
// are created with link(2), which never overwrites, so two concurrent `keys add` of one name cannot
// both succeed and a crash mid-write never leaves a half-written key under its real name.
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { signerFromSecret, type PublicKey, type Signer } from '../../crypto/index.ts';
import { equalBytes, fromHex, isPolityError, toHex } from '../../lib/index.ts';
import { keystoreErrors } from './errors.ts';
import { decryptSecret, encryptSecret, scryptNDefault } from './encryption.ts';
import {
  keyFileAad,
  keyMetadata,
  parseKeyFile,
  testKeyWarning,
  type KeyBackend,
  type KeyFile,
} from './keyFile.ts';
import { validateKeyName } from './keyName.ts';

/** What can be shown about a key without unlocking it. */
export interface KeyInfo {
  readonly name: string;
  readonly address: string;
  readonly publicKey: PublicKey;
  readonly backend: KeyBackend;
  readonly path: string;
  readonly createdAt: string;
}

/** How a new key is stored. */
export type StoreAs =
  { readonly backend: 'encrypted'; readonly password: string } | { readonly backend: 'test' };

/** Supplies the password when (and only when) an encrypted key is unlocked. */
export type PasswordProvider = () => Promise<string>;

/** Options of {@link createKeystore}. */
export interface KeystoreOptions {
  /** The keys directory, normally <home>/keys. */
  readonly dir: string;
  /** scrypt N for new keys; at least 2^15. */
  readonly scryptN?: number;
}

/** The keystore operations. */
export interface Keystore {
  readonly dir: string;
  add(name: string, signer: Signer, storeAs: StoreAs): Promise<KeyInfo>;
  list(): Promise<KeyInfo[]>;
  info(name: string): Promise<KeyInfo>;
  unlock(name: string, password: PasswordProvider): Promise<Signer>;
  remove(name: string): Promise<void>;
}

/** Most keys listed from one directory (a bound on everything, style.md). */
export const keysListedMax = 10_000;

function infoOf(file: KeyFile, path: string): KeyInfo {
  const bytes = fromHex(file.publicKey.publicKey) ?? new Uint8Array();
  return {
    name: file.name,
    address: file.address,
    publicKey: { scheme: file.publicKey.scheme, bytes },
    backend: file.backend,
    path,
    createdAt: file.createdAt,
  };
}

function keyNotFound(name: string, dir: string): Error {
  return keystoreErrors.key_not_found({ name, dir });
}

function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** Creates a keystore over a directory (created on first write). */
export function createKeystore(options: KeystoreOptions): Keystore {
  const dir = options.dir;
  const scryptN = options.scryptN ?? scryptNDefault;
  const pathOf = (name: string): string => join(dir, `${validateKeyName(name)}.json`);

  async function read(name: string): Promise<{ file: KeyFile; path: string }> {
    const path = pathOf(name);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') throw keyNotFound(name, dir);
      throw keystoreErrors.keystore_unreadable({ path, problem: String(error) });
    }
    return { file: parseKeyFile(text, path), path };
  }

  async function ensureDir(): Promise<void> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // mkdir's mode is filtered by the umask and ignored for an existing directory.
    await chmod(dir, 0o700);
  }

  return {
    dir,
    async add(name, signer, storeAs) {
      const path = pathOf(name);
      const meta = keyMetadata(name, signer.publicKey);
      const file: KeyFile =
        storeAs.backend === 'test'
          ? {
              ...meta,
              backend: 'test-unencrypted',
              warning: testKeyWarning,
              secret: toHex(signer.secret),
            }
          : {
              ...meta,
              backend: 'encrypted',
              crypto: await encryptSecret(
                signer.secret,
                storeAs.password,
                keyFileAad(meta),
                scryptN,
              ),
            };
      await ensureDir();
      const tmp = join(dir, `.${name}.${toHex(randomBytes(6))}.tmp`);
      await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      try {
        await chmod(tmp, 0o600);
        await link(tmp, path);
      } catch (error) {
        if (errnoCode(error) === 'EEXIST') {
          throw keystoreErrors.key_exists({ name, dir });
        }
        throw error;
      } finally {
        await unlink(tmp);
      }
      return infoOf(file, path);
    },

    async list() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') return [];
        throw error;
      }
      const keys: KeyInfo[] = [];
      for (const entry of names.sort().slice(0, keysListedMax)) {
        if (!entry.endsWith('.json') || entry.startsWith('.')) continue;
        const { file, path } = await read(entry.slice(0, -'.json'.length));
        keys.push(infoOf(file, path));
      }
      return keys;
    },

    async info(name) {
      const { file, path } = await read(name);
      return infoOf(file, path);
    },

    async unlock(name, password) {
      const { file, path } = await read(name);
      let secret: Uint8Array | undefined;
      if (file.backend === 'test-unencrypted') {
        secret = fromHex(file.secret);
        if (secret === undefined)
          throw keystoreErrors.keystore_corrupt({
            file: `The key file ${path}`,
            what: 'secret is not hex',
          });
      } else {
        secret = await decryptSecret(
          file.crypto.kdf,
          file.crypto.cipher,
          await password(),
          keyFileAad(file),
        );
      }
      let signer: Signer;
      try {
        signer = signerFromSecret(file.publicKey.scheme, secret);
      } catch (error) {
        if (isPolityError(error))
          throw keystoreErrors.keystore_corrupt({
            file: `The key file ${path}`,
            what: error.message,
          });
        throw error;
      }
      // The stored public key is what `keys show` printed; never sign with a different key.
      if (
        !equalBytes(signer.publicKey.bytes, fromHex(file.publicKey.publicKey) ?? new Uint8Array())
      ) {
        throw keystoreErrors.keystore_corrupt({
          file: `The key file ${path}`,
          what: 'secret does not match the public key',
        });
      }
      return signer;
    },

    async remove(name) {
      const path = pathOf(name);
      try {
        await unlink(path);
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') throw keyNotFound(name, dir);
        throw error;
      }
    },
  };
}

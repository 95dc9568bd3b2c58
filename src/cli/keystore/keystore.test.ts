// Keystore behaviour: round trips, file permissions, no secret on disk, and typed failures.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateSigner } from '../../crypto/index.ts';
import { isPolityError, toHex } from '../../lib/index.ts';
import { createKeystore, type Keystore } from './index.ts';

const password = 'correct horse battery staple';

describe('keystore', () => {
  let dir: string;
  let keystore: Keystore;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'polity-keystore-'));
    keystore = createKeystore({ dir: join(dir, 'keys') });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips an encrypted key, with 0600 file in a 0700 directory and no secret in the file', async () => {
    const signer = generateSigner();
    const info = await keystore.add('alice', signer, { backend: 'encrypted', password });
    assert.equal(info.backend, 'encrypted');
    assert.equal((await stat(info.path)).mode & 0o777, 0o600);
    assert.equal((await stat(keystore.dir)).mode & 0o777, 0o700);
    const text = await readFile(info.path, 'utf8');
    assert.ok(!text.includes(toHex(signer.secret)), 'the seed hex must not appear in the file');
    const file = JSON.parse(text) as {
      crypto: { kdf: { N: number; r: number; p: number; salt: string }; cipher: { nonce: string } };
    };
    assert.ok(file.crypto.kdf.N >= 2 ** 15);
    assert.equal(file.crypto.kdf.r, 8);
    assert.equal(file.crypto.kdf.salt.length, 32);
    assert.equal(file.crypto.cipher.nonce.length, 24);
    const unlocked = await keystore.unlock('alice', () => Promise.resolve(password));
    assert.equal(toHex(unlocked.secret), toHex(signer.secret));
    assert.deepEqual(
      (await keystore.list()).map((k) => k.name),
      ['alice'],
    );
  });

  it('rejects a wrong password with wrong_password', async () => {
    await assert.rejects(
      keystore.unlock('alice', () => Promise.resolve('nope')),
      (e) => isPolityError(e, 'wrong_password'),
    );
  });

  it('detects a tampered ciphertext and tampered metadata', async () => {
    const signer = generateSigner();
    const info = await keystore.add('tamper', signer, { backend: 'encrypted', password });
    const original = await readFile(info.path, 'utf8');
    const file = JSON.parse(original) as { crypto: { cipher: { ciphertext: string } } };
    const ct = file.crypto.cipher.ciphertext;
    file.crypto.cipher.ciphertext = (ct[0] === '0' ? '1' : '0') + ct.slice(1);
    await writeFile(info.path, JSON.stringify(file));
    await assert.rejects(
      keystore.unlock('tamper', () => Promise.resolve(password)),
      (e) => isPolityError(e, 'wrong_password'),
    );
    // Swapping in another key's address and public key is caught before or by the AEAD check.
    const other = generateSigner();
    const otherInfo = await keystore.add('other', other, { backend: 'test' });
    const swapped = {
      ...(JSON.parse(original) as object),
      address: otherInfo.address,
      publicKey: { scheme: 'ed25519', publicKey: toHex(other.publicKey.bytes) },
    };
    await writeFile(info.path, JSON.stringify(swapped));
    await assert.rejects(
      keystore.unlock('tamper', () => Promise.resolve(password)),
      (e) => isPolityError(e, 'wrong_password'),
    );
  });

  it('rejects duplicate names with key_exists and keeps the first key', async () => {
    const signer = generateSigner();
    await keystore.add('dup', signer, { backend: 'test' });
    await assert.rejects(keystore.add('dup', generateSigner(), { backend: 'test' }), (e) =>
      isPolityError(e, 'key_exists'),
    );
    const kept = await keystore.unlock('dup', () =>
      Promise.reject(new Error('no password needed')),
    );
    assert.equal(toHex(kept.secret), toHex(signer.secret));
  });

  it('rejects bad names with invalid_key_name', async () => {
    for (const name of ['', 'Alice', '../evil', '.hidden', 'a'.repeat(65), 'a b', '-x']) {
      await assert.rejects(
        keystore.add(name, generateSigner(), { backend: 'test' }),
        (e) => isPolityError(e, 'invalid_key_name'),
        name,
      );
    }
  });

  it('labels the test backend in the file and unlocks it without a password', async () => {
    const signer = generateSigner();
    const info = await keystore.add('dev0', signer, { backend: 'test' });
    const file = JSON.parse(await readFile(info.path, 'utf8')) as {
      backend: string;
      warning: string;
    };
    assert.equal(file.backend, 'test-unencrypted');
    assert.match(file.warning, /UNENCRYPTED/);
    assert.equal(info.backend, 'test-unencrypted');
    assert.equal((await stat(info.path)).mode & 0o777, 0o600);
  });

  it('reports a missing key with key_not_found', async () => {
    await assert.rejects(keystore.info('ghost'), (e) => isPolityError(e, 'key_not_found'));
    await assert.rejects(keystore.remove('ghost'), (e) => isPolityError(e, 'key_not_found'));
  });
});

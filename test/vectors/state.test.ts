// Pinned vectors of the authenticated state (docs/spec/state.md): roots and encoded proofs for a
// fixed history, plus an independent re-derivation of one root from the spec's hashing rules
// with node:crypto alone, so a second implementation can check itself against these bytes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import {
  createMemoryKvStore,
  createMerkleStore,
  decodeStateProof,
  emptyStateRoot,
  encodeStateProof,
  verifyStateProof,
  type MerkleStore,
} from '../../src/state/index.ts';
import type { KvStore } from '../../src/ports/index.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const v1Root = '3764985cc2d5eb399b03899cfec42eb7d128a7df3960e85b30b65514a66e562c';
const v2Root = 'a1762c5aac9eddd5c20e82068793663a90fca34ca9e686a772e2660d5183f8b9';

// Version 1: alice=100, bob=250, carol='', dave=7. Erin is absent (proved by dave's leaf).
const v1Proofs: Record<string, string> = {
  alice:
    '0005616c696365012bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e90ad57366865126e55649ecb23ae1d48887544976efea46a48eb5d85a6eeb4d3060002a89126da5019755d81e96cdd5f677d5ccfdf073dda18607235adeb8d26e6444b0334a7bcec9cbeeb2d4f6aee0f080d769875b6277d729a7f1582ab2232723630',
  bob: '0003626f620181b637d8fcd2c6da6359e6963113a1170de795e4b725b84d1e0b4cfd9ec58ce91e472b39b105d349bcd069c4a711b44a2fffb8e274714bb07ecfff69a9a7f67b000148c86bf049faefb1898b9744f91d4f7c479194242fdecdd069c543d6086cca75',
  carol:
    '00056361726f6c014c26d9074c27d89ede59270c0ac14b71e071b15239519f75474b2f3ba63481f5e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8550003a89126da5019755d81e96cdd5f677d5ccfdf073dda18607235adeb8d26e6444bb4455b5999707a3b0875132f39b9d42513e988300dfc574d43cc920795b729e1936f09b83b4b8f266bec7bb96b8d7694d3c3b63e55a7ca41453ca757d72ba0e9',
  dave: '0004646176650161ea0803f8853523b777d414ace3130cd4d3f92de2cd7ff8695c337d79c2eeee7902699be42c8a8e46fbbb4501726517e86b22c56a189f7625a6da49081b24510003a89126da5019755d81e96cdd5f677d5ccfdf073dda18607235adeb8d26e6444bb4455b5999707a3b0875132f39b9d42513e988300dfc574d43cc920795b729e161c79a2bf73912b048de890edac07b5011f5433dfac8ddbd451cdbb04920b8f3',
  erin: '00046572696e0161ea0803f8853523b777d414ace3130cd4d3f92de2cd7ff8695c337d79c2eeee7902699be42c8a8e46fbbb4501726517e86b22c56a189f7625a6da49081b24510003a89126da5019755d81e96cdd5f677d5ccfdf073dda18607235adeb8d26e6444bb4455b5999707a3b0875132f39b9d42513e988300dfc574d43cc920795b729e161c79a2bf73912b048de890edac07b5011f5433dfac8ddbd451cdbb04920b8f3',
};
const v1Values: Record<string, string | undefined> = {
  alice: '100',
  bob: '250',
  carol: '',
  dave: '7',
  erin: undefined,
};

// Version 2: bob deleted, alice=90. Alice's path now has an empty sibling at depth 0; bob's ends
// in an empty subtree.
const v2Proofs: Record<string, string> = {
  alice:
    '0005616c696365012bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e9069f59c273b6e669ac32a6dd5e1b2cb63333d8b004f9696447aee2d422ce63763000200000000000000000000000000000000000000000000000000000000000000000334a7bcec9cbeeb2d4f6aee0f080d769875b6277d729a7f1582ab2232723630',
  bob: '0003626f62000001ce38dbdd9b33f158914ff2a85630b8779b4a222b95668e0d3a43eb925d54bb95',
};

async function commit(
  kv: KvStore,
  store: MerkleStore,
  entries: [string, string | undefined][],
): Promise<void> {
  const changes = new Map(entries.map(([k, v]) => [hex(utf8(k)), v === undefined ? v : utf8(v)]));
  const prepared = store.prepareCommit(changes);
  await kv.writeBatch(prepared.writes);
  store.applied(prepared);
}

async function history(): Promise<MerkleStore> {
  const kv = createMemoryKvStore();
  const store = createMerkleStore({ kv });
  await commit(kv, store, [
    ['alice', '100'],
    ['bob', '250'],
    ['carol', ''],
    ['dave', '7'],
  ]);
  await commit(kv, store, [
    ['bob', undefined],
    ['alice', '90'],
  ]);
  return store;
}

test('the empty state root is 32 zero bytes', () => {
  assert.equal(hex(emptyStateRoot), '00'.repeat(32));
});

test('roots and encoded proofs match the pinned vectors', async () => {
  const store = await history();
  assert.equal(hex(store.rootAt(1)!), v1Root);
  assert.equal(hex(store.root), v2Root);
  for (const [name, expected] of Object.entries(v1Proofs)) {
    const { value, proof } = store.prove(utf8(name), 1);
    const want = v1Values[name];
    assert.deepEqual(value, want === undefined ? undefined : utf8(want), name);
    assert.equal(hex(encodeStateProof(proof)), expected, name);
    const decoded = decodeStateProof(Buffer.from(expected, 'hex'));
    assert.ok(verifyStateProof(Buffer.from(v1Root, 'hex'), utf8(name), value, decoded), name);
  }
  for (const [name, expected] of Object.entries(v2Proofs)) {
    assert.equal(hex(encodeStateProof(store.prove(utf8(name)).proof)), expected, name);
  }
});

// The spec's rules, written out independently of src/state.
function tagged(tag: string, ...parts: Uint8Array[]): Buffer {
  const h = createHash('sha256').update(tag).update(Uint8Array.of(0));
  for (const p of parts) h.update(p);
  return h.digest();
}
const sha = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();

test('the version-2 root re-derives from the spec with node:crypto alone', () => {
  const leaf = (k: string, v: string): Buffer =>
    tagged('polity/state/leaf', sha(utf8(k)), sha(utf8(v)));
  const node = (l: Uint8Array, r: Uint8Array): Buffer => tagged('polity/state/internal', l, r);
  // Walk alice's pinned proof bottom-up by her key hash bits, as the spec's verifier does.
  const proof = decodeStateProof(Buffer.from(v2Proofs['alice']!, 'hex'));
  const keyHash = sha(utf8('alice'));
  let h: Uint8Array = leaf('alice', '90');
  for (let i = proof.siblings.length - 1; i >= 0; i--) {
    const bit = ((keyHash[i >> 3] ?? 0) >> (7 - (i % 8))) & 1;
    h = bit === 0 ? node(h, proof.siblings[i]!) : node(proof.siblings[i]!, h);
  }
  assert.equal(hex(h), v2Root);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPolityError, type CodeRef } from '../lib/index.ts';
import { sha256 } from '../crypto/index.ts';
import { stateErrors } from './errors.ts';
import { createMemoryKvStore } from './memoryKvStore.ts';
import { createMerkleStore, emptyStateRoot } from './merkleStore.ts';
import { verifyStateProof } from './stateProof.ts';
import { bytes, commit, hex, storeOf } from './testSupport.test.ts';

const entries = (n: number): Map<string, Uint8Array> =>
  new Map(Array.from({ length: n }, (_, i) => [hex(bytes(`key-${i}`)), bytes(`value-${i}`)]));

test('an empty store has version 0, the empty root, and proves absence', () => {
  const store = createMerkleStore({ kv: createMemoryKvStore() });
  assert.equal(store.version, 0);
  assert.deepEqual(store.root, emptyStateRoot);
  assert.deepEqual(store.rootAt(0), emptyStateRoot);
  assert.equal(store.rootAt(1), undefined);
  const { value, proof } = store.prove(bytes('x'));
  assert.equal(value, undefined);
  assert.equal(proof.siblings.length, 0);
  assert.ok(verifyStateProof(store.root, bytes('x'), undefined, proof));
});

test('puts, overwrites and deletes are visible after applied, not before', async () => {
  const kv = createMemoryKvStore();
  const store = createMerkleStore({ kv });
  const prepared = store.prepareCommit(new Map([[hex(bytes('a')), bytes('1')]]));
  await kv.writeBatch(prepared.writes);
  assert.equal(store.version, 0);
  store.applied(prepared);
  assert.equal(store.version, 1);
  assert.deepEqual(store.get(bytes('a')), bytes('1'));
  await commit(kv, store, new Map([[hex(bytes('a')), bytes('2')]]));
  assert.deepEqual(store.get(bytes('a')), bytes('2'));
  await commit(kv, store, new Map([[hex(bytes('a')), undefined]]));
  assert.equal(store.get(bytes('a')), undefined);
  assert.deepEqual(store.root, emptyStateRoot);
  assert.equal(store.version, 3);
});

test('a single-key tree is the bare leaf; a second key makes an internal root', async () => {
  const { kv, store } = await storeOf(new Map([[hex(bytes('a')), bytes('1')]]));
  assert.equal(store.prove(bytes('a')).proof.siblings.length, 0);
  await commit(kv, store, new Map([[hex(bytes('b')), bytes('2')]]));
  for (const k of ['a', 'b']) {
    const { value, proof } = store.prove(bytes(k));
    assert.ok(value !== undefined && proof.siblings.length >= 1);
    assert.ok(verifyStateProof(store.root, bytes(k), value, proof));
  }
  // Deleting one key moves the other leaf back to the root.
  await commit(kv, store, new Map([[hex(bytes('b')), undefined]]));
  const single = await storeOf(new Map([[hex(bytes('a')), bytes('1')]]));
  assert.deepEqual(store.root, single.store.root);
});

test('the root does not depend on batching or order (history independence)', async () => {
  const all = entries(300);
  const oneShot = await storeOf(all);
  const kv = createMemoryKvStore();
  const store = createMerkleStore({ kv });
  const list = [...all].reverse();
  // Insert in reverse, in uneven batches, with junk that is later removed.
  for (let i = 0; i < list.length; i += 37) {
    const batch = new Map<string, Uint8Array | undefined>(list.slice(i, i + 37));
    batch.set(hex(bytes(`junk-${i}`)), bytes('junk'));
    await commit(kv, store, batch);
  }
  const cleanup = new Map<string, Uint8Array | undefined>();
  for (let i = 0; i < list.length; i += 37) cleanup.set(hex(bytes(`junk-${i}`)), undefined);
  await commit(kv, store, cleanup);
  assert.deepEqual(store.root, oneShot.store.root);
});

test('an empty commit or rewriting equal values keeps the root and advances the version', async () => {
  const { kv, store } = await storeOf(entries(20));
  const before = store.root;
  await commit(kv, store, new Map());
  await commit(kv, store, new Map([[hex(bytes('key-3')), bytes('value-3')]]));
  await commit(kv, store, new Map([[hex(bytes('never-there')), undefined]]));
  assert.deepEqual(store.root, before);
  assert.equal(store.version, 4);
  assert.deepEqual(store.rootAt(1), before);
});

test('reopening from the same kv restores version, root, values and old versions', async () => {
  const { kv, store } = await storeOf(entries(50));
  const v1 = store.root;
  await commit(kv, store, new Map([[hex(bytes('key-1')), bytes('changed')]]));
  const reopened = createMerkleStore({ kv, nodeCacheMax: 4 });
  assert.equal(reopened.version, 2);
  assert.deepEqual(reopened.root, store.root);
  assert.deepEqual(reopened.rootAt(1), v1);
  assert.deepEqual(reopened.get(bytes('key-1')), bytes('changed'));
  const old = reopened.prove(bytes('key-1'), 1);
  assert.deepEqual(old.value, bytes('value-1'));
  assert.ok(verifyStateProof(v1, bytes('key-1'), old.value, old.proof));
  assert.deepEqual(reopened.prove(bytes('key-1')), store.prove(bytes('key-1')));
});

test('stores under different prefixes share one kv without interfering', async () => {
  const kv = createMemoryKvStore();
  const a = createMerkleStore({ kv });
  const b = createMerkleStore({ kv, prefix: Uint8Array.of(0x74) });
  await commit(kv, a, new Map([[hex(bytes('k')), bytes('a')]]));
  assert.equal(b.get(bytes('k')), undefined);
  assert.equal(createMerkleStore({ kv, prefix: Uint8Array.of(0x74) }).version, 0);
  assert.equal(createMerkleStore({ kv }).version, 1);
});

test('bounds and bad input fail with stable codes', () => {
  const store = createMerkleStore({ kv: createMemoryKvStore() });
  const code = (f: () => unknown, c: CodeRef): void => {
    assert.throws(f, (e: unknown) => isPolityError(e, c));
  };
  const bigKey = new Uint8Array(257);
  code(
    () => store.prepareCommit(new Map([[hex(bigKey), bytes('v')]])),
    stateErrors.state_key_too_large,
  );
  code(() => store.get(bigKey), stateErrors.state_key_too_large);
  code(() => store.prove(bigKey), stateErrors.state_key_too_large);
  code(
    () => store.prepareCommit(new Map([['aa', new Uint8Array(64 * 1024 + 1)]])),
    stateErrors.state_value_too_large,
  );
  code(() => store.prepareCommit(new Map([['zz', bytes('v')]])), stateErrors.state_bad_key);
  code(
    () =>
      store.prepareCommit(
        new Map([
          ['AB', bytes('v')],
          ['ab', bytes('w')],
        ]),
      ),
    stateErrors.state_duplicate_key,
  );
  code(() => store.prove(bytes('a'), 5), stateErrors.state_version_unknown);
  code(
    () => createMerkleStore({ kv: createMemoryKvStore(), nodeCacheMax: NaN }),
    stateErrors.state_bad_option,
  );
  // The largest key and value are accepted.
  store.prepareCommit(new Map([[hex(new Uint8Array(256)), new Uint8Array(64 * 1024)]]));
});

test('applied() rejects commits out of order or from a stale root', async () => {
  const kv = createMemoryKvStore();
  const store = createMerkleStore({ kv });
  const first = store.prepareCommit(new Map([['01', bytes('a')]]));
  const rival = store.prepareCommit(new Map([['02', bytes('b')]]));
  await kv.writeBatch(first.writes);
  store.applied(first);
  assert.throws(() => {
    store.applied(rival);
  }, /invariant/);
  assert.throws(() => {
    store.applied({ version: 2, root: first.root, writes: [] });
  }, /invariant/);
});

test('a missing node reads as state_node_missing, not a wrong answer', async () => {
  const { kv, store } = await storeOf(entries(10));
  const nodeKeys = (
    await kv.range({ gte: Uint8Array.of(0x73, 0x6e), lt: Uint8Array.of(0x73, 0x6f), limit: 1000 })
  ).map(([k]) => k);
  await kv.writeBatch(nodeKeys.map((key) => ({ key, value: undefined })));
  const cold = createMerkleStore({ kv });
  assert.throws(
    () => cold.prove(bytes('key-1')),
    (e: unknown) => isPolityError(e, stateErrors.state_node_missing),
  );
  assert.equal(store.version, 1);
});

test('keys whose hashes share a long prefix build a chain that collapses on delete', async () => {
  // Birthday search for two keys whose hashes agree on their first 22 bits.
  const seen = new Map<number, Uint8Array>();
  let pair: [Uint8Array, Uint8Array] | undefined;
  for (let i = 0; pair === undefined; i++) {
    const key = bytes(`deep-${i}`);
    const h = sha256(key);
    const prefix = (((h[0] ?? 0) << 16) | ((h[1] ?? 0) << 8) | (h[2] ?? 0)) >> 2;
    const other = seen.get(prefix);
    if (other !== undefined) pair = [other, key];
    seen.set(prefix, key);
  }
  const [a, b] = pair;
  const base = entries(8);
  const { kv, store } = await storeOf(
    new Map([...base, [hex(a), bytes('A')], [hex(b), bytes('B')]]),
  );
  for (const [key, value] of [
    [a, bytes('A')],
    [b, bytes('B')],
  ] as const) {
    const proved = store.prove(key);
    assert.deepEqual(proved.value, value);
    assert.ok(proved.proof.siblings.length >= 23);
    assert.ok(verifyStateProof(store.root, key, value, proved.proof));
  }
  await commit(kv, store, new Map([[hex(b), undefined]]));
  const fresh = await storeOf(new Map([...base, [hex(a), bytes('A')]]));
  assert.deepEqual(store.root, fresh.store.root);
  assert.ok(store.prove(a).proof.siblings.length < 10);
});

test('entries(version) lists exactly the keys and values of that version', async () => {
  const kv = createMemoryKvStore();
  const store = createMerkleStore({ kv });
  await commit(kv, store, entries(40));
  const v1 = new Map([...entries(40)].map(([k, v]) => [k, hex(v)]));
  const changes = new Map<string, Uint8Array | undefined>([
    [hex(bytes('key-3')), undefined],
    [hex(bytes('key-5')), bytes('changed')],
    [hex(bytes('new')), bytes('added')],
  ]);
  await commit(kv, store, changes);
  const read = (v: number) => new Map([...store.entries(v)].map((e) => [hex(e.key), hex(e.value)]));
  assert.deepEqual(read(1), v1);
  const v2 = new Map(v1);
  v2.delete(hex(bytes('key-3')));
  v2.set(hex(bytes('key-5')), hex(bytes('changed')));
  v2.set(hex(bytes('new')), hex(bytes('added')));
  assert.deepEqual(read(2), v2);
  assert.deepEqual([...store.entries(0)], []);
  assert.throws(
    () => [...store.entries(3)],
    (e: unknown) => isPolityError(e, stateErrors.state_version_unknown),
  );
});

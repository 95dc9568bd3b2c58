// Property tests: the store against a plain Map model, proofs against tampering, and
// persistence across reopening, over random operation sequences.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createMemoryKvStore } from './memoryKvStore.ts';
import { createMerkleStore } from './merkleStore.ts';
import { verifyStateProof, type StateProof } from './stateProof.ts';
import { encodeStateProof } from './stateProofCodec.ts';
import { bytes, commit, hex, storeOf } from './testSupport.test.ts';

// A small key pool makes overwrites, deletes and re-inserts common; random keys add variety.
const pool = Array.from({ length: 48 }, (_, i) => bytes(`k${i}`));
const keyArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...pool) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 12 }) },
);
const valueArb = fc.option(fc.uint8Array({ maxLength: 24 }), { nil: undefined });
const batchArb = fc.array(fc.tuple(keyArb, valueArb), { maxLength: 30 });
const historyArb = fc.array(batchArb, { minLength: 1, maxLength: 8 });

function toChanges(batch: readonly (readonly [Uint8Array, Uint8Array | undefined])[]) {
  const changes = new Map<string, Uint8Array | undefined>();
  for (const [k, v] of batch) changes.set(hex(k), v); // last write to a key wins
  return changes;
}

test('store agrees with a Map model; proofs verify; reopening changes nothing', async () => {
  await fc.assert(
    fc.asyncProperty(
      historyArb,
      fc.array(fc.uint8Array({ maxLength: 12 }), { maxLength: 10 }),
      async (history, probes) => {
        const kv = createMemoryKvStore();
        const store = createMerkleStore({ kv, nodeCacheMax: 16 });
        const model = new Map<string, Uint8Array>();
        const snapshots = [new Map<string, Uint8Array>()];
        for (const batch of history) {
          const changes = toChanges(batch);
          await commit(kv, store, changes);
          for (const [k, v] of changes) {
            if (v === undefined) model.delete(k);
            else model.set(k, v);
          }
          snapshots.push(new Map(model));
        }
        assert.equal(store.version, history.length);
        const fresh = await storeOf(model);
        assert.deepEqual(store.root, fresh.store.root);
        const reopened = createMerkleStore({ kv });
        assert.deepEqual(reopened.root, store.root);

        const probeKeys = [...pool, ...probes];
        for (const k of model.keys()) probeKeys.push(Buffer.from(k, 'hex'));
        for (const key of probeKeys) {
          const expected = model.get(hex(key));
          assert.deepEqual(store.get(key), expected);
          const { value, proof } = store.prove(key);
          assert.deepEqual(value, expected);
          assert.ok(verifyStateProof(store.root, key, expected, proof));
          assert.deepEqual(encodeStateProof(reopened.prove(key).proof), encodeStateProof(proof));
        }
        // Every older version still proves what it held then, against its own root.
        for (let v = 0; v < snapshots.length; v++) {
          const root = reopened.rootAt(v);
          assert.ok(root !== undefined);
          for (const key of pool.slice(0, 12)) {
            const expected = snapshots[v]!.get(hex(key));
            const { value, proof } = reopened.prove(key, v);
            assert.deepEqual(value, expected);
            assert.ok(verifyStateProof(root, key, expected, proof));
          }
        }
      },
    ),
    { numRuns: 200 },
  );
});

test('the root depends only on the final contents, not on order or batching', async () => {
  const entriesArb = fc.uniqueArray(
    fc.tuple(fc.uint8Array({ maxLength: 10 }), fc.uint8Array({ maxLength: 10 })),
    {
      selector: ([k]) => hex(k),
      maxLength: 60,
    },
  );
  await fc.assert(
    fc.asyncProperty(
      entriesArb,
      fc.array(fc.nat(), { maxLength: 60 }),
      fc.integer({ min: 1, max: 9 }),
      async (entries, order, batchSize) => {
        const shuffled = [...entries];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = (order[i] ?? 0) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const kv = createMemoryKvStore();
        const store = createMerkleStore({ kv });
        for (let i = 0; i < shuffled.length; i += batchSize) {
          await commit(
            kv,
            store,
            new Map(shuffled.slice(i, i + batchSize).map(([k, v]) => [hex(k), v])),
          );
        }
        const oneShot = await storeOf(new Map(entries.map(([k, v]) => [hex(k), v])));
        assert.deepEqual(store.root, oneShot.store.root);
      },
    ),
    { numRuns: 200 },
  );
});

// Every way of changing a valid proof's claim or content must make it fail.
function tamperings(
  root: Uint8Array,
  key: Uint8Array,
  value: Uint8Array | undefined,
  proof: StateProof,
  byte: number,
): [string, Uint8Array, Uint8Array, Uint8Array | undefined, StateProof][] {
  const flip = (b: Uint8Array): Uint8Array => {
    const c = b.slice();
    c[byte % c.length] = (c[byte % c.length] ?? 0) ^ (1 << (byte % 8));
    return c;
  };
  const out: [string, Uint8Array, Uint8Array, Uint8Array | undefined, StateProof][] = [
    ['wrong root', flip(root), key, value, proof],
    ['key differs from proof key', root, bytes('other key'), value, proof],
    ['value flipped presence', root, key, value === undefined ? bytes('v') : undefined, proof],
    ['sibling added', root, key, value, { ...proof, siblings: [...proof.siblings, flip(root)] }],
  ];
  // An absence proof may well prove another key absent too, so only presence gets a new key.
  if (value !== undefined) {
    out.push(['wrong key', root, bytes('other key'), value, { ...proof, key: bytes('other key') }]);
    out.push(['wrong value', root, key, Uint8Array.of(...value, 1), proof]);
  }
  if (proof.siblings.length > 0) {
    out.push([
      'sibling removed',
      root,
      key,
      value,
      { ...proof, siblings: proof.siblings.slice(1) },
    ]);
  }
  proof.siblings.forEach((s, i) => {
    const siblings = proof.siblings.map((x, j) => (j === i ? flip(s) : x));
    out.push([`sibling ${i} flipped`, root, key, value, { ...proof, siblings }]);
  });
  if (proof.leaf !== undefined) {
    const { keyHash, valueHash } = proof.leaf;
    out.push([
      'leaf key hash',
      root,
      key,
      value,
      { ...proof, leaf: { keyHash: flip(keyHash), valueHash } },
    ]);
    out.push([
      'leaf value hash',
      root,
      key,
      value,
      { ...proof, leaf: { keyHash, valueHash: flip(valueHash) } },
    ]);
    out.push(['leaf dropped', root, key, value, { ...proof, leaf: undefined }]);
  }
  return out;
}

test('every tampered proof fails', async () => {
  const entriesArb = fc.uniqueArray(
    fc.tuple(fc.uint8Array({ maxLength: 8 }), fc.uint8Array({ maxLength: 8 })),
    {
      selector: ([k]) => hex(k),
      minLength: 1,
      maxLength: 40,
    },
  );
  await fc.assert(
    fc.asyncProperty(
      entriesArb,
      fc.nat(),
      fc.uint8Array({ maxLength: 8 }),
      fc.nat(),
      async (entries, pick, absentKey, byte) => {
        const { store } = await storeOf(new Map(entries.map(([k, v]) => [hex(k), v])));
        const present = entries[pick % entries.length]![0];
        for (const key of [present, absentKey]) {
          const { value, proof } = store.prove(key);
          assert.ok(verifyStateProof(store.root, key, value, proof));
          for (const [what, r, k, v, p] of tamperings(store.root, key, value, proof, byte)) {
            assert.equal(verifyStateProof(r, k, v, p), false, what);
          }
        }
      },
    ),
    { numRuns: 300 },
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isPolityError } from '../lib/index.ts';
import { stateErrors } from './errors.ts';
import type { StateProof } from './stateProof.ts';
import {
  decodeStateProof,
  encodeStateProof,
  stateProofBytesMax,
  stateProofFromJson,
  stateProofToJson,
} from './stateProofCodec.ts';

const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
// Plain prototypes: fast-check may otherwise build null-prototype records, which deepEqual rejects.
const plain = { noNullPrototype: true } as const;
const proofArb: fc.Arbitrary<StateProof> = fc.record(
  {
    key: fc.uint8Array({ maxLength: 256 }),
    leaf: fc.option(fc.record({ keyHash: hash, valueHash: hash }, plain), { nil: undefined }),
    siblings: fc.array(hash, { maxLength: 40 }),
  },
  plain,
);
const malformed = (e: unknown): boolean => isPolityError(e, stateErrors.malformed_proof);

test('binary and JSON forms round-trip', () => {
  fc.assert(
    fc.property(proofArb, (p) => {
      const bytes = encodeStateProof(p);
      assert.deepEqual(decodeStateProof(bytes), p);
      const json: unknown = JSON.parse(JSON.stringify(stateProofToJson(p)));
      assert.deepEqual(stateProofFromJson(json), p);
    }),
    { numRuns: 200 },
  );
});

test('every truncation and every trailing byte is rejected', () => {
  fc.assert(
    fc.property(proofArb, fc.integer({ min: 0, max: 255 }), (p, extra) => {
      const bytes = encodeStateProof(p);
      for (let n = 0; n < bytes.length; n++) {
        assert.throws(() => decodeStateProof(bytes.subarray(0, n)), malformed);
      }
      const longer = new Uint8Array(bytes.length + 1);
      longer.set(bytes);
      longer[bytes.length] = extra;
      assert.throws(() => decodeStateProof(longer), malformed);
    }),
    { numRuns: 30 },
  );
});

test('random bytes either fail as malformed_proof or are canonical', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      let p: StateProof;
      try {
        p = decodeStateProof(bytes);
      } catch (e) {
        assert.ok(malformed(e));
        return;
      }
      assert.deepEqual(encodeStateProof(p), bytes);
    }),
    { numRuns: 500 },
  );
});

test('bad flags, oversize counts and oversize input are rejected', () => {
  const base = encodeStateProof({ key: Uint8Array.of(1), leaf: undefined, siblings: [] });
  assert.deepEqual(Array.from(base), [0, 1, 1, 0, 0, 0]);
  assert.throws(() => decodeStateProof(Uint8Array.of(0, 1, 1, 2, 0, 0)), malformed);
  assert.throws(() => decodeStateProof(Uint8Array.of(1, 1)), malformed); // key length 257
  const tooMany = new Uint8Array(6 + 257 * 32);
  tooMany.set([0, 0, 0, 0x01, 0x01]);
  assert.throws(() => decodeStateProof(tooMany), malformed);
  assert.throws(() => decodeStateProof(new Uint8Array(stateProofBytesMax + 1)), malformed);
  const big = { key: new Uint8Array(257), leaf: undefined, siblings: [] };
  assert.throws(() => encodeStateProof(big), malformed);
  assert.throws(
    () => stateProofToJson({ ...big, key: new Uint8Array(1), siblings: [Uint8Array.of(1)] }),
    malformed,
  );
});

test('JSON must have exactly the documented shape in lower-case hex', () => {
  const good = { key: '01', leaf: null, siblings: ['00'.repeat(32)] };
  assert.ok(stateProofFromJson(good).siblings.length === 1);
  const bad: unknown[] = [
    null,
    [],
    'x',
    { ...good, extra: 1 },
    { key: '01', leaf: null },
    { ...good, key: 'AB' },
    { ...good, key: '0' },
    { ...good, key: '00'.repeat(257) },
    { ...good, siblings: ['00'] },
    { ...good, siblings: 'ab' },
    { ...good, siblings: Array.from({ length: 257 }, () => '00'.repeat(32)) },
    { ...good, leaf: { keyHash: '00'.repeat(32) } },
    { ...good, leaf: { keyHash: '00'.repeat(32), valueHash: '00'.repeat(31) } },
    { ...good, leaf: { keyHash: 5, valueHash: '00'.repeat(32) } },
  ];
  for (const j of bad) assert.throws(() => stateProofFromJson(j), malformed, JSON.stringify(j));
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isPolityError, toHex } from '../lib/index.ts';
import {
  bool,
  bytes,
  decode,
  encode,
  fixedBytes,
  option,
  struct,
  text,
  u16,
  u32,
  u64,
  u8,
  uint,
  union,
  vec,
} from './index.ts';

const sample = struct({
  a: u8,
  b: u16,
  c: u32,
  d: u64,
  e: uint,
  f: bool,
  g: bytes(16),
  h: fixedBytes(4),
  i: text(12),
  j: vec(u16, 5),
  k: option(u32),
  l: union('kind', { one: [1, struct({ x: u8 })], two: [2, struct({ y: text(4) })] }),
});

const arbitrary = fc.record({
  a: fc.integer({ min: 0, max: 255 }),
  b: fc.integer({ min: 0, max: 0xffff }),
  c: fc.integer({ min: 0, max: 0xffffffff }),
  d: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  e: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  f: fc.boolean(),
  g: fc.uint8Array({ maxLength: 16 }),
  h: fc.uint8Array({ minLength: 4, maxLength: 4 }),
  i: fc.string({ maxLength: 3 }),
  j: fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 5 }),
  k: fc.option(fc.integer({ min: 0, max: 0xffffffff }), { nil: undefined }),
  l: fc.oneof(
    fc.record({ kind: fc.constant('one' as const), x: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('two' as const), y: fc.string({ maxLength: 1 }) }),
  ),
});

function rejects(fn: () => unknown, code = 'malformed_bytes'): void {
  assert.throws(fn, (e: unknown) => isPolityError(e, code));
}

test('every value round-trips and re-encodes to the same bytes', () => {
  fc.assert(
    fc.property(arbitrary, (value) => {
      const encoded = encode(sample, value);
      const decoded = decode(sample, encoded);
      assert.deepEqual(decoded, structuredClone(value));
      assert.equal(toHex(encode(sample, decoded)), toHex(encoded));
    }),
    { numRuns: 300 },
  );
});

test('every strict prefix of an encoding is rejected as malformed', () => {
  fc.assert(
    fc.property(arbitrary, (value) => {
      const encoded = encode(sample, value);
      for (let n = 0; n < encoded.length; n++)
        rejects(() => decode(sample, encoded.subarray(0, n)));
    }),
    { numRuns: 50 },
  );
});

test('random bytes never decode to something that encodes differently', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 120 }), (data) => {
      try {
        const value = decode(sample, data);
        assert.equal(toHex(encode(sample, value)), toHex(data));
      } catch (e) {
        assert.ok(isPolityError(e), `non-typed error ${String(e)}`);
      }
    }),
    { numRuns: 2000 },
  );
});

test('trailing bytes, bad tags and out-of-bound lengths are rejected', () => {
  rejects(() => decode(u8, Uint8Array.of(1, 2)));
  rejects(() => decode(bool, Uint8Array.of(2)));
  rejects(() => decode(option(u8), Uint8Array.of(2, 0)));
  rejects(() => decode(bytes(2), Uint8Array.of(0, 0, 0, 3, 1, 2, 3)));
  rejects(() => decode(vec(u8, 1), Uint8Array.of(0, 0, 0, 2, 1, 2)));
  rejects(() => decode(text(4), Uint8Array.of(0, 0, 0, 1, 0xff)));
  rejects(() => decode(uint, Uint8Array.of(0, 0x20, 0, 0, 0, 0, 0, 0)));
  rejects(() => decode(union('t', { a: [1, struct({})] }), Uint8Array.of(9)));
});

test('encoding a value outside its schema is refused', () => {
  rejects(() => encode(u8, 256), 'value_out_of_range');
  rejects(() => encode(uint, -1), 'value_out_of_range');
  rejects(() => encode(bytes(1), Uint8Array.of(1, 2)), 'value_out_of_range');
  rejects(() => encode(fixedBytes(2), Uint8Array.of(1)), 'value_out_of_range');
});

test('decoded bytes are copies, even from a Buffer view into a larger message', () => {
  const codec = struct({ a: bytes(8) });
  const encoded = encode(codec, { a: new Uint8Array([1, 2, 3]) });
  const message = Buffer.concat([Buffer.alloc(16), Buffer.from(encoded), Buffer.alloc(16)]);
  const view = message.subarray(16, 16 + encoded.length);
  const decoded = decode(codec, view);
  message.fill(9);
  assert.deepEqual([...decoded.a], [1, 2, 3]);
  // Not a view keeping the whole message alive.
  assert.equal(decoded.a.buffer.byteLength, 3);
});

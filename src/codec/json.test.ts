// The JSON facet of the codecs: each combinator's JSON form, and that every value's JSON matches
// the codec's JSON Schema (checked with a JSON Schema validator) and survives JSON text unchanged.
// The binary side is covered by schema.test.ts and the pinned vectors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Value } from 'typebox/value';
import { toHex } from '../lib/index.ts';
import {
  bool,
  bytes,
  encode,
  enumOf,
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
  withJson,
  type JsonSchema,
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
  m: enumOf(['red', 'green'] as const),
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
  m: fc.constantFrom('red' as const, 'green' as const),
});

const matches = (schema: JsonSchema, value: unknown): boolean =>
  Value.Check(schema as never, value);

test('every value has JSON that matches the schema and survives JSON text', () => {
  fc.assert(
    fc.property(arbitrary, (value) => {
      const json = sample.toJson(value);
      assert.ok(matches(sample.jsonSchema, json), JSON.stringify(json));
      assert.deepEqual(JSON.parse(JSON.stringify(json)), json);
    }),
    { numRuns: 300 },
  );
});

test('each combinator has its documented JSON form', () => {
  const value = {
    a: 1,
    b: 2,
    c: 3,
    d: 2n ** 64n - 1n,
    e: Number.MAX_SAFE_INTEGER,
    f: true,
    g: Uint8Array.of(1, 2, 3),
    h: Uint8Array.of(0xde, 0xad, 0xbe, 0xef),
    i: 'hé',
    j: [4, 5],
    k: undefined,
    l: { kind: 'two', y: 'z' },
    m: 'green',
  } as const;
  assert.deepEqual(sample.toJson(value), {
    a: 1,
    b: 2,
    c: 3,
    d: '18446744073709551615',
    e: Number.MAX_SAFE_INTEGER,
    f: true,
    g: 'AQID',
    h: 'deadbeef',
    i: 'hé',
    j: [4, 5],
    k: null,
    l: { kind: 'two', y: 'z' },
    m: 'green',
  });
  assert.equal(option(u8).toJson(7), 7);
});

test('schemas: every struct field required, unions a oneOf on the tag, bounds carried', () => {
  const schema = sample.jsonSchema;
  assert.deepEqual(schema['required'], Object.keys(schema['properties'] as object));
  assert.equal(schema['additionalProperties'], false);
  const l = (schema['properties'] as Record<string, JsonSchema>)['l'];
  const variants = (l?.['oneOf'] ?? []) as JsonSchema[];
  assert.deepEqual(
    variants.map((v) => (v['properties'] as Record<string, JsonSchema>)['kind']),
    [{ const: 'one' }, { const: 'two' }],
  );
  assert.ok(!matches(sample.jsonSchema, { ...sample.toJson(valueOf()), extra: 1 }));
  assert.ok(!matches(u64.jsonSchema, '01'));
  assert.ok(!matches(u64.jsonSchema, 1));
  assert.ok(!matches(u8.jsonSchema, 256));
  assert.ok(!matches(fixedBytes(2).jsonSchema, 'abc'));
  assert.ok(!matches(vec(u8, 1).jsonSchema, [1, 2]));
  assert.ok(!matches(enumOf(['a'] as const).jsonSchema, 'b'));
  // Parts keep their schema object, so a larger schema can name them by identity.
  const part = struct({ x: u8 });
  assert.equal(
    (vec(part, 3).jsonSchema['items'] as JsonSchema | undefined) === part.jsonSchema,
    true,
  );
});

function valueOf(): Parameters<typeof sample.toJson>[0] {
  return {
    a: 0,
    b: 0,
    c: 0,
    d: 0n,
    e: 0,
    f: false,
    g: new Uint8Array(),
    h: new Uint8Array(4),
    i: '',
    j: [],
    k: 1,
    l: { kind: 'one', x: 1 },
    m: 'red',
  };
}

test('withJson changes the JSON form and nothing of the encoding', () => {
  const hexCodec = fixedBytes(2);
  const named = withJson(hexCodec, {
    toJson: (b) => `0x${toHex(b)}`,
    jsonSchema: { type: 'string', pattern: '^0x[0-9a-f]{4}$' },
  });
  const value = Uint8Array.of(0xab, 0xcd);
  assert.equal(toHex(encode(named, value)), toHex(encode(hexCodec, value)));
  assert.equal(named.toJson(value), '0xabcd');
  assert.ok(matches(named.jsonSchema, named.toJson(value)));
  assert.deepEqual(struct({ n: named }).toJson({ n: value }), { n: '0xabcd' });
});

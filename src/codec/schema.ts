// Schema combinators for the canonical binary encoding (docs/spec/encoding.md). Every value has
// exactly one encoding: fixed-width big-endian integers, u32 length prefixes, u8 tags, fields in
// schema order. Decoders check every bound and tag, so malformed bytes never become objects. Each
// combinator also gives the JSON form of its values and that form's JSON Schema (codec.ts).
import { assert, fromUtf8, toBase64, toHex, utf8 } from '../lib/index.ts';
import type { Codec, Infer, Json, JsonOf, JsonSchema } from './codec.ts';
import { codecErrors, malformed } from './errors.ts';
import { createReader } from './reader.ts';
import { createWriter } from './writer.ts';

export type { Codec, Infer, Json, JsonObject, JsonOf, JsonSchema, JsonFacet } from './codec.ts';
export { withJson } from './codec.ts';

function outOfRange(what: string): Error {
  return codecErrors.value_out_of_range({ what });
}

// Values whose JSON form is themselves (numbers, booleans, text, names).
function same<T>(value: T): T {
  return value;
}

function integer(maximum: number): JsonSchema {
  return { type: 'integer', minimum: 0, maximum };
}

/** Unsigned 8-bit integer. */
export const u8: Codec<number, number> = {
  write: (w, v) => {
    if (!Number.isInteger(v) || v < 0 || v > 0xff) throw outOfRange(`u8 ${v}`);
    w.u8(v);
  },
  read: (r) => r.u8(),
  toJson: same,
  jsonSchema: integer(0xff),
};

/** Unsigned 16-bit integer. */
export const u16: Codec<number, number> = {
  write: (w, v) => {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw outOfRange(`u16 ${v}`);
    w.u16(v);
  },
  read: (r) => r.u16(),
  toJson: same,
  jsonSchema: integer(0xffff),
};

/** Unsigned 32-bit integer. */
export const u32: Codec<number, number> = {
  write: (w, v) => {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw outOfRange(`u32 ${v}`);
    w.u32(v);
  },
  read: (r) => r.u32(),
  toJson: same,
  jsonSchema: integer(0xffffffff),
};

const u64Max = 0xffffffffffffffffn;

/** Unsigned 64-bit integer as a bigint (amounts, fees); in JSON a decimal string (no precision loss). */
export const u64: Codec<bigint, string> = {
  write: (w, v) => {
    if (v < 0n || v > u64Max) throw outOfRange(`u64 ${v}`);
    w.u64(v);
  },
  read: (r) => r.u64(),
  toJson: (v) => v.toString(),
  jsonSchema: {
    type: 'string',
    pattern: '^(0|[1-9][0-9]{0,19})$',
    description: 'unsigned 64-bit integer, decimal',
  },
};

/** An unsigned integer up to 2^53-1 encoded as 8 bytes (heights, nonces, times, gas). */
export const uint: Codec<number, number> = {
  write: (w, v) => {
    if (!Number.isSafeInteger(v) || v < 0) throw outOfRange(`uint ${v}`);
    w.u64(BigInt(v));
  },
  read: (r) => {
    const v = r.u64();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed(`integer ${v} above 2^53-1`);
    return Number(v);
  },
  toJson: same,
  jsonSchema: integer(Number.MAX_SAFE_INTEGER),
};

/** A boolean as one byte, 0 or 1. */
export const bool: Codec<boolean, boolean> = {
  write: (w, v) => {
    w.u8(v ? 1 : 0);
  },
  read: (r) => {
    const b = r.u8();
    if (b > 1) throw malformed(`boolean byte ${b}`);
    return b === 1;
  },
  toJson: same,
  jsonSchema: { type: 'boolean' },
};

/** One of a fixed list of names, as its index in one byte (the list's order is part of the spec). */
export function enumOf<T extends string>(values: readonly T[]): Codec<T, T> {
  const index = new Map(values.map((v, i) => [v, i]));
  return {
    toJson: same,
    jsonSchema: { type: 'string', enum: [...values] },
    write: (w, v) => {
      const i = index.get(v);
      if (i === undefined) throw outOfRange(`unknown value ${v}`);
      w.u8(i);
    },
    read: (r) => {
      const i = r.u8();
      const v = values[i];
      if (v === undefined) throw malformed(`enumeration index ${i}`);
      return v;
    },
  };
}

/** Exactly `length` bytes with no prefix (hashes, addresses); in JSON lower-case hex. */
export function fixedBytes(length: number): Codec<Uint8Array, string> {
  return {
    toJson: toHex,
    jsonSchema: {
      type: 'string',
      pattern: `^[0-9a-f]{${2 * length}}$`,
      description: `${length} bytes, hex`,
    },
    write: (w, v) => {
      if (v.length !== length) throw outOfRange(`expected ${length} bytes, got ${v.length}`);
      w.raw(v);
    },
    read: (r) => r.raw(length),
  };
}

/** Up to `maxBytes` bytes with a u32 length prefix; in JSON standard padded base64. */
export function bytes(maxBytes: number): Codec<Uint8Array, string> {
  return {
    toJson: toBase64,
    jsonSchema: {
      type: 'string',
      contentEncoding: 'base64',
      maxLength: Math.ceil(maxBytes / 3) * 4,
      description: `up to ${maxBytes} bytes, base64`,
    },
    write: (w, v) => {
      if (v.length > maxBytes) throw outOfRange(`${v.length} bytes, at most ${maxBytes} allowed`);
      w.u32(v.length);
      w.raw(v);
    },
    read: (r) => {
      const length = r.u32();
      if (length > maxBytes) throw malformed(`length ${length} above the bound ${maxBytes}`);
      return r.raw(length);
    },
  };
}

/** UTF-8 text of up to `maxBytes` encoded bytes with a u32 length prefix. */
export function text(maxBytes: number): Codec<string, string> {
  const inner = bytes(maxBytes);
  return {
    toJson: same,
    // Every character takes at least one byte, so the byte bound bounds the length too.
    jsonSchema: { type: 'string', maxLength: maxBytes },
    write: (w, v) => {
      inner.write(w, utf8(v));
    },
    read: (r) => {
      const decoded = fromUtf8(inner.read(r));
      if (decoded === undefined) throw malformed('invalid UTF-8 text');
      return decoded;
    },
  };
}

/** A list of up to `maxItems` items with a u32 count prefix. */
export function vec<T, J>(item: Codec<T, J>, maxItems: number): Codec<readonly T[], readonly J[]> {
  return {
    toJson: (v) => v.map((x) => item.toJson(x)),
    jsonSchema: { type: 'array', items: item.jsonSchema, maxItems },
    write: (w, v) => {
      if (v.length > maxItems) throw outOfRange(`${v.length} items, at most ${maxItems} allowed`);
      w.u32(v.length);
      for (const x of v) item.write(w, x);
    },
    read: (r) => {
      const count = r.u32();
      if (count > maxItems) throw malformed(`count ${count} above the bound ${maxItems}`);
      const out: T[] = [];
      for (let i = 0; i < count; i++) out.push(item.read(r));
      return out;
    },
  };
}

/** An optional value: tag 0 for absent, 1 followed by the value; in JSON the value or null. */
export function option<T, J>(inner: Codec<T, J>): Codec<T | undefined, J | null> {
  return {
    toJson: (v) => (v === undefined ? null : inner.toJson(v)),
    jsonSchema: { anyOf: [inner.jsonSchema, { type: 'null' }] },
    write: (w, v) => {
      if (v === undefined) {
        w.u8(0);
      } else {
        w.u8(1);
        inner.write(w, v);
      }
    },
    read: (r) => {
      const tag = r.u8();
      if (tag === 0) return undefined;
      if (tag !== 1) throw malformed(`option tag ${tag}`);
      return inner.read(r);
    },
  };
}

type FieldCodecs = Readonly<Record<string, Codec<unknown, unknown>>>;
type StructOf<F> = { readonly [K in keyof F]: Infer<F[K]> };
type StructJsonOf<F> = { readonly [K in keyof F]: JsonOf<F[K]> };

function objectSchema(properties: Readonly<Record<string, JsonSchema>>): JsonSchema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  };
}

/**
 * A record whose fields are encoded in the order they are listed, with no names or tags; in JSON
 * an object with every field (absent optional values are null, never missing).
 */
export function struct<F extends Record<string, Codec<unknown, unknown>>>(
  fields: F,
): Codec<StructOf<F>, StructJsonOf<F>> {
  const entries = Object.entries(fields as FieldCodecs);
  return {
    write: (w, v) => {
      const record = v as Readonly<Record<string, unknown>>;
      for (const [name, codec] of entries) codec.write(w, record[name]);
    },
    read: (r) => {
      const out: Record<string, unknown> = {};
      for (const [name, codec] of entries) out[name] = codec.read(r);
      return out as StructOf<F>;
    },
    toJson: (v) => {
      const record = v as Readonly<Record<string, unknown>>;
      const out: Record<string, unknown> = {};
      for (const [name, codec] of entries) out[name] = codec.toJson(record[name]);
      return out as StructJsonOf<F>;
    },
    jsonSchema: objectSchema(Object.fromEntries(entries.map(([n, c]) => [n, c.jsonSchema]))),
  };
}

type Variants = Readonly<Record<string, readonly [number, Codec<unknown, unknown>]>>;
type UnionOf<K extends string, V extends Variants> = {
  [N in keyof V & string]: { readonly [P in K]: N } & Infer<V[N][1]>;
}[keyof V & string];
type UnionJsonOf<K extends string, V extends Variants> = {
  [N in keyof V & string]: { readonly [P in K]: N } & JsonOf<V[N][1]>;
}[keyof V & string];

// A variant's JSON Schema: its fields' object with the tag field first, fixed to its name.
function variantSchema(tagField: string, name: string, body: JsonSchema): JsonSchema {
  const properties = body['properties'];
  assert(
    body['type'] === 'object' && typeof properties === 'object' && properties !== null,
    `union variant ${name} is a struct, so its JSON form is an object`,
  );
  return objectSchema({
    [tagField]: { const: name },
    ...(properties as Readonly<Record<string, JsonSchema>>),
  });
}

/**
 * A tagged union: a u8 tag then the variant's fields. `tagField` names the discriminant in the
 * TypeScript value (for example `type: 'transfer'`); the byte tag numbers are part of the spec. In
 * JSON, the variant's object with the tag field holding its name (a JSON Schema `oneOf`).
 */
export function union<K extends string, V extends Variants>(
  tagField: K,
  variants: V,
  unknownTag: (tag: number) => Error = (tag) => malformed(`unknown ${tagField} tag ${tag}`),
): Codec<UnionOf<K, V>, UnionJsonOf<K, V>> {
  const byName = new Map<string, readonly [number, Codec<unknown, unknown>]>();
  const byTag = new Map<number, readonly [string, Codec<unknown, unknown>]>();
  for (const [name, [tag, codec]] of Object.entries(variants)) {
    byName.set(name, [tag, codec]);
    byTag.set(tag, [name, codec]);
  }
  return {
    write: (w, v) => {
      const name = (v as Readonly<Record<string, unknown>>)[tagField];
      const variant = typeof name === 'string' ? byName.get(name) : undefined;
      if (variant === undefined) throw outOfRange(`unknown ${tagField} ${String(name)}`);
      w.u8(variant[0]);
      variant[1].write(w, v);
    },
    read: (r) => {
      const tag = r.u8();
      const variant = byTag.get(tag);
      if (variant === undefined) throw unknownTag(tag);
      const body = variant[1].read(r) as Record<string, unknown>;
      return { [tagField]: variant[0], ...body } as UnionOf<K, V>;
    },
    toJson: (v) => {
      const name = (v as Readonly<Record<string, unknown>>)[tagField];
      const variant = typeof name === 'string' ? byName.get(name) : undefined;
      if (variant === undefined) throw outOfRange(`unknown ${tagField} ${String(name)}`);
      const body = variant[1].toJson(v) as Readonly<Record<string, Json>>;
      return { [tagField]: name, ...body } as UnionJsonOf<K, V>;
    },
    jsonSchema: {
      oneOf: [...byName].map(([name, [, codec]]) =>
        variantSchema(tagField, name, codec.jsonSchema),
      ),
    },
  };
}

// Encoding is synchronous and codecs never call `encode` from inside `write`, so one scratch
// writer serves every call and only the exact-size result is allocated (this halved GC time on
// block production). The guard keeps a re-entrant call correct anyway.
const scratch = createWriter(64 * 1024);
let scratchBusy = false;

/** Encodes `value` canonically. */
export function encode<T>(codec: Codec<T, unknown>, value: T, capacityBytes?: number): Uint8Array {
  if (scratchBusy) {
    const w = createWriter(capacityBytes);
    codec.write(w, value);
    return w.finish();
  }
  scratchBusy = true;
  try {
    scratch.reset();
    codec.write(scratch, value);
    return scratch.finish();
  } finally {
    scratchBusy = false;
  }
}

/** Decodes `bytes`, rejecting malformed input and trailing bytes with `malformed_bytes`. */
export function decode<T>(codec: Codec<T, unknown>, bytes: Uint8Array): T {
  const r = createReader(bytes);
  const value = codec.read(r);
  if (r.remaining() !== 0) throw malformed(`${r.remaining()} trailing bytes`);
  return value;
}

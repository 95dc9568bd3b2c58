// Schema combinators for the canonical binary encoding (docs/spec/encoding.md). Every value has
// exactly one encoding: fixed-width big-endian integers, u32 length prefixes, u8 tags, fields in
// schema order. Decoders check every bound and tag, so malformed bytes never become objects.
import { fromUtf8, utf8 } from '../lib/index.ts';
import { codecErrors, malformed } from './errors.ts';
import { createReader, type Reader } from './reader.ts';
import { createWriter, type Writer } from './writer.ts';

/** Encoder and decoder of one type. */
export interface Codec<T> {
  // Method syntax on purpose: it makes Codec<number> usable where Codec<unknown> is expected.
  write(w: Writer, value: T): void;
  read(r: Reader): T;
}

/** The TypeScript type a codec encodes. */
export type Infer<C> = C extends Codec<infer T> ? T : never;

function outOfRange(what: string): Error {
  return codecErrors.value_out_of_range({ what });
}

/** Unsigned 8-bit integer. */
export const u8: Codec<number> = {
  write: (w, v) => {
    if (!Number.isInteger(v) || v < 0 || v > 0xff) throw outOfRange(`u8 ${v}`);
    w.u8(v);
  },
  read: (r) => r.u8(),
};

/** Unsigned 16-bit integer. */
export const u16: Codec<number> = {
  write: (w, v) => {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw outOfRange(`u16 ${v}`);
    w.u16(v);
  },
  read: (r) => r.u16(),
};

/** Unsigned 32-bit integer. */
export const u32: Codec<number> = {
  write: (w, v) => {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw outOfRange(`u32 ${v}`);
    w.u32(v);
  },
  read: (r) => r.u32(),
};

const u64Max = 0xffffffffffffffffn;

/** Unsigned 64-bit integer as a bigint (amounts, fees). */
export const u64: Codec<bigint> = {
  write: (w, v) => {
    if (v < 0n || v > u64Max) throw outOfRange(`u64 ${v}`);
    w.u64(v);
  },
  read: (r) => r.u64(),
};

/** An unsigned integer up to 2^53-1 encoded as 8 bytes (heights, nonces, times, gas). */
export const uint: Codec<number> = {
  write: (w, v) => {
    if (!Number.isSafeInteger(v) || v < 0) throw outOfRange(`uint ${v}`);
    w.u64(BigInt(v));
  },
  read: (r) => {
    const v = r.u64();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed(`integer ${v} above 2^53-1`);
    return Number(v);
  },
};

/** A boolean as one byte, 0 or 1. */
export const bool: Codec<boolean> = {
  write: (w, v) => {
    w.u8(v ? 1 : 0);
  },
  read: (r) => {
    const b = r.u8();
    if (b > 1) throw malformed(`boolean byte ${b}`);
    return b === 1;
  },
};

/** One of a fixed list of names, as its index in one byte (the list's order is part of the spec). */
export function enumOf<T extends string>(values: readonly T[]): Codec<T> {
  const index = new Map(values.map((v, i) => [v, i]));
  return {
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

/** Exactly `length` bytes with no prefix (hashes, addresses). */
export function fixedBytes(length: number): Codec<Uint8Array> {
  return {
    write: (w, v) => {
      if (v.length !== length) throw outOfRange(`expected ${length} bytes, got ${v.length}`);
      w.raw(v);
    },
    read: (r) => r.raw(length),
  };
}

/** Up to `maxBytes` bytes with a u32 length prefix. */
export function bytes(maxBytes: number): Codec<Uint8Array> {
  return {
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
export function text(maxBytes: number): Codec<string> {
  const inner = bytes(maxBytes);
  return {
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
export function vec<T>(item: Codec<T>, maxItems: number): Codec<readonly T[]> {
  return {
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

/** An optional value: tag 0 for absent, 1 followed by the value. */
export function option<T>(inner: Codec<T>): Codec<T | undefined> {
  return {
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

type FieldCodecs = Readonly<Record<string, Codec<unknown>>>;
type StructOf<F> = { readonly [K in keyof F]: Infer<F[K]> };

/** A record whose fields are encoded in the order they are listed, with no names or tags. */
export function struct<F extends Record<string, Codec<unknown>>>(fields: F): Codec<StructOf<F>> {
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
  };
}

type Variants = Readonly<Record<string, readonly [number, Codec<unknown>]>>;
type UnionOf<K extends string, V extends Variants> = {
  [N in keyof V & string]: { readonly [P in K]: N } & Infer<V[N][1]>;
}[keyof V & string];

/**
 * A tagged union: a u8 tag then the variant's fields. `tagField` names the discriminant in the
 * TypeScript value (for example `type: 'transfer'`); the byte tag numbers are part of the spec.
 */
export function union<K extends string, V extends Variants>(
  tagField: K,
  variants: V,
  unknownTag: (tag: number) => Error = (tag) => malformed(`unknown ${tagField} tag ${tag}`),
): Codec<UnionOf<K, V>> {
  const byName = new Map<string, readonly [number, Codec<unknown>]>();
  const byTag = new Map<number, readonly [string, Codec<unknown>]>();
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
  };
}

// Encoding is synchronous and codecs never call `encode` from inside `write`, so one scratch
// writer serves every call and only the exact-size result is allocated (this halved GC time on
// block production). The guard keeps a re-entrant call correct anyway.
const scratch = createWriter(64 * 1024);
let scratchBusy = false;

/** Encodes `value` canonically. */
export function encode<T>(codec: Codec<T>, value: T, capacityBytes?: number): Uint8Array {
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
export function decode<T>(codec: Codec<T>, bytes: Uint8Array): T {
  const r = createReader(bytes);
  const value = codec.read(r);
  if (r.remaining() !== 0) throw malformed(`${r.remaining()} trailing bytes`);
  return value;
}

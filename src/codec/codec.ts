// What a codec is: the canonical binary encoding of one type, and the JSON form of the same values
// with the JSON Schema of that form. The binary side is the protocol (hashed and signed); the JSON
// side is how the API and the CLI show values, derived from the same schema so that a message or a
// state value is described once (docs/spec/encoding.md, docs/adr/0017-api-shapes-defined-once.md).
import type { Reader } from './reader.ts';
import type { Writer } from './writer.ts';

/** A JSON value. */
export type Json = null | boolean | number | string | readonly Json[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  readonly [key: string]: Json;
}

/** A JSON Schema (draft 2020-12, as OpenAPI 3.1 reads it), as plain data. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** Encoder and decoder of one type `T`, with its JSON form `J`. */
export interface Codec<T, J = Json> {
  // Method syntax on purpose: it makes Codec<number> usable where Codec<unknown> is expected.
  write(w: Writer, value: T): void;
  read(r: Reader): T;
  /** The value's JSON form (amounts as decimal strings, bytes as hex or base64, absence as null). */
  toJson(value: T): J;
  /**
   * The JSON Schema of that form. Combinators reuse their parts' schema objects, so a part can be
   * recognised (and named once) inside a larger schema by identity.
   */
  readonly jsonSchema: JsonSchema;
}

/** The TypeScript type a codec encodes. */
export type Infer<C> = C extends Codec<infer T, unknown> ? T : never;

/** The JSON form of a codec's values. */
export type JsonOf<C> = C extends { toJson(value: never): infer J } ? J : never;

/** The JSON facet of a codec: how its values look in JSON. */
export interface JsonFacet<T, J> {
  toJson(value: T): J;
  readonly jsonSchema: JsonSchema;
}

/**
 * The same codec with another JSON form, for leaves whose JSON is not their bytes' (an address is
 * bech32m text, a key is an object naming its scheme). The binary encoding is untouched.
 */
export function withJson<T, J>(codec: Codec<T, unknown>, facet: JsonFacet<T, J>): Codec<T, J> {
  // Spread, not wrapped: the encoding path stays exactly the original functions.
  return { ...codec, toJson: (v) => facet.toJson(v), jsonSchema: facet.jsonSchema };
}

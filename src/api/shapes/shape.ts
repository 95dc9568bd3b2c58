// How the API defines a JSON shape once. A shape is a TypeBox schema: its TypeScript type is
// derived (`Static`), Fastify validates requests and serialises responses with it, and the OpenAPI
// document is generated from it. Shapes used in several places are components: registered once by
// name (`$id`) and referenced with `$ref`, so the OpenAPI document lists them under
// `components.schemas`. Values whose canonical encoding is a codec get their shape from the codec's
// JSON facet instead of a second, hand-written description (docs/adr/0017-api-shapes-defined-once.md).
import { Type, type Static, type TSchema, type TUnsafe } from 'typebox';
import type { JsonFacet, JsonSchema } from '../../codec/index.ts';
import { addressJsonSchema } from '../../crypto/index.ts';
import { withErrorCode } from '../validation.ts';

/** A shape registered once by name and referenced elsewhere. */
export interface Component<T> {
  readonly name: string;
  /** The full schema, with `$id` = name: what the server registers. */
  readonly schema: TSchema;
  /** A `$ref` to it, typed as its values: what other shapes and routes use. */
  readonly ref: TUnsafe<T>;
  /** The codec schema it names, when derived from a codec (recognised inside larger ones). */
  readonly source: JsonSchema | undefined;
}

/** Any component (for lists of them). */
export type AnyComponent = Component<unknown>;

/** The JSON type of a component's values. */
export type JsonOfComponent<C> = C extends Component<infer T> ? T : never;

/** A shape, named `name` in the OpenAPI document. */
export function component<S extends TSchema>(
  name: string,
  schema: S,
  description: string,
): Component<Static<S>> {
  return {
    name,
    schema: { ...schema, $id: name, description },
    ref: Type.Unsafe<Static<S>>(Type.Ref(name)),
    source: undefined,
  };
}

// A codec's JSON Schema with every part that is itself a component replaced by a `$ref` to it.
// Combinators reuse their parts' schema objects, so parts are recognised by identity.
function withRefs(schema: JsonSchema, parts: readonly AnyComponent[], isRoot: boolean): JsonSchema {
  if (!isRoot) {
    const part = parts.find((p) => p.source === schema);
    if (part !== undefined) return { $ref: part.name };
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([k, v]) => [
          k,
          withRefs(v, parts, false),
        ]),
      );
    } else if (key === 'items' && typeof value === 'object' && value !== null) {
      out[key] = withRefs(value as JsonSchema, parts, false);
    } else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = (value as JsonSchema[]).map((v) => withRefs(v, parts, false));
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** The shape of a codec's JSON form (typed by the codec), its components' parts as `$ref`s. */
export function codecShape<J>(
  codec: JsonFacet<never, J>,
  parts: readonly AnyComponent[] = [],
): TUnsafe<J> {
  return Type.Unsafe<J>(withRefs(codec.jsonSchema, parts, true));
}

/** A component whose shape is a codec's JSON form. */
export function codecComponent<J>(
  name: string,
  codec: JsonFacet<never, J>,
  description: string,
  parts: readonly AnyComponent[] = [],
): Component<J> {
  return {
    name,
    schema: { ...withRefs(codec.jsonSchema, parts, true), $id: name, description },
    ref: Type.Unsafe<J>(Type.Ref(name)),
    source: codec.jsonSchema,
  };
}

/**
 * A component from a codec whose JSON type the table erased (the module table's message union):
 * the caller states the type its values promise, and converting a value checks it (see
 * `checked`), so the promise is kept at run time.
 */
export function erasedCodecComponent<J>(
  name: string,
  codec: JsonFacet<never, unknown>,
  description: string,
  parts: readonly AnyComponent[] = [],
): Component<J> {
  return codecComponent(name, codec as JsonFacet<never, J>, description, parts);
}

/** `T` or null (an absent value is null in every API answer, never a missing field). */
export function nullable<S extends TSchema>(schema: S): TUnsafe<Static<S> | null> {
  return Type.Unsafe<Static<S> | null>({ anyOf: [schema, { type: 'null' }] });
}

/** One of a fixed list of names. */
export function oneOfNames<const T extends readonly string[]>(values: T): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
}

/** An object with exactly these properties (anything else is neither accepted nor sent). */
export const object = <P extends Parameters<typeof Type.Object>[0]>(properties: P) =>
  Type.Object(properties, { additionalProperties: false });

/** A 32-byte hash in hex (lower case in answers; either case accepted in paths). */
export const hash = withErrorCode(
  Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: '32-byte hash, hex' }),
  'invalid_hash',
);
/** Bytes in lower-case hex. */
export const hex = Type.String({ pattern: '^[0-9a-f]*$', description: 'hex' });
/** A bech32m address; the checksum is checked by the handler. */
export const address = withErrorCode(
  Type.Unsafe<string>({ ...addressJsonSchema, maxLength: 90 }),
  'invalid_address',
);
/** A u64 amount as a decimal string. */
export const amount = Type.String({
  pattern: '^(0|[1-9][0-9]{0,19})$',
  description: 'amount, decimal',
});
/** Raw bytes in standard padded base64. */
export const base64 = Type.String({ contentEncoding: 'base64', description: 'base64' });
/** A count, index or time in milliseconds. */
export const count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
/** A block height (1 is the first block). */
export const height = withErrorCode(
  Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  'invalid_height',
);

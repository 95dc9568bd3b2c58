// How requests are checked against their route's shapes, instead of Fastify's lenient defaults
// (which turn "0x2", " 1" and "1e0" into numbers, "1e400" into Infinity, a string body field into
// an array, and silently drop unknown fields). Path and query values are text: a number is accepted
// only in canonical decimal (digits, no sign, spaces, exponent, fraction or leading zeros) and
// within the safe integer range, a boolean only as `true`/`false`, a parameter only once and only
// if the route declares it. Bodies are JSON and keep their types: nothing is coerced, and unknown
// fields are refused. Every failure is a declared error: a parameter's shape names its code with
// `x-error-code` (also shown in the OpenAPI document), other parameters get `invalid_parameter`,
// bodies `invalid_request`.
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { addressPrefix, cryptoErrors } from '../crypto/index.ts';
import type { PolityError } from '../lib/index.ts';
import { apiErrors } from './errors.ts';

/** The keyword by which a parameter's shape names the code its bad values get. */
export const errorCodeKeyword = 'x-error-code';

/** The codes a parameter's shape may name (each has its own message arguments). */
export type ParamErrorCode =
  | 'invalid_hash'
  | 'invalid_height'
  | 'invalid_limit'
  | 'invalid_key'
  | 'invalid_cursor'
  | 'invalid_address'
  | 'invalid_parameter';

/** `schema` with the code its bad values get. */
export function withErrorCode<S extends TSchema>(schema: S, code: ParamErrorCode): S {
  return { ...schema, [errorCodeKeyword]: code };
}

/** The code a parameter's bad values get. */
export function errorCodeOf(schema: TSchema | undefined): ParamErrorCode {
  const code = (schema as Record<string, unknown> | undefined)?.[errorCodeKeyword];
  return typeof code === 'string' ? (code as ParamErrorCode) : 'invalid_parameter';
}

/** Bounds the messages name. */
export interface ValidationBounds {
  readonly pageSizeMax: number;
  readonly recordKeyBytesMax: number;
}

interface Field {
  readonly name: string;
  readonly schema: TSchema | undefined;
  readonly type: unknown;
}

/** The error for a bad value of `field`. */
export function paramError(
  field: Field,
  part: string,
  raw: string,
  problem: string,
  bounds: ValidationBounds,
): PolityError {
  const where = `${part} "${field.name.slice(0, 40)}"`;
  switch (errorCodeOf(field.schema)) {
    case 'invalid_address':
      return cryptoErrors.invalid_address({ text: raw.slice(0, 100), prefix: addressPrefix });
    case 'invalid_cursor':
      return apiErrors.invalid_cursor({ text: raw.slice(0, 40) });
    case 'invalid_limit':
      return apiErrors.invalid_limit({ where, problem, max: bounds.pageSizeMax });
    case 'invalid_key':
      return apiErrors.invalid_key({ where, problem, max: bounds.recordKeyBytesMax });
    case 'invalid_hash':
      return apiErrors.invalid_hash({ where, problem });
    case 'invalid_height':
      return apiErrors.invalid_height({ where, problem });
    default:
      return apiErrors.invalid_parameter({ where, problem });
  }
}

const canonicalDecimal = /^(0|[1-9][0-9]*)$/;

function quoted(raw: string): string {
  return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
}

// A text value as its field's type: a number or boolean in canonical form only.
function convert(field: Field, raw: string): { value: unknown } | { problem: string } {
  if (field.type === 'integer' || field.type === 'number') {
    if (!canonicalDecimal.test(raw))
      return {
        problem: `${quoted(raw)} is not a whole number in plain decimal (digits only: no sign, spaces, exponent, fraction or leading zeros)`,
      };
    const value = Number(raw);
    if (raw.length > 16 || !Number.isSafeInteger(value))
      return { problem: `${quoted(raw)} is out of range` };
    return { value };
  }
  if (field.type === 'boolean') {
    if (raw === 'true') return { value: true };
    if (raw === 'false') return { value: false };
    return { problem: `${quoted(raw)} is neither true nor false` };
  }
  return { value: raw };
}

type ValidatorResult = { value: unknown } | { error: Error } | true;

function firstError(
  errors: readonly {
    keyword: string;
    instancePath: string;
    params: object;
    message: string;
  }[],
): { path: string; problem: string } {
  const chosen =
    errors.find((e) => e.keyword === 'additionalProperties' || e.keyword === 'required') ??
    errors.find((e) => e.keyword !== 'boolean') ??
    errors[0];
  if (chosen === undefined) return { path: '', problem: 'does not match the schema' };
  const params = chosen.params as Record<string, unknown>;
  const names = (key: string): string =>
    (Array.isArray(params[key]) ? (params[key] as unknown[]) : [])
      .map((n) => JSON.stringify(String(n).slice(0, 40)))
      .join(', ');
  if (chosen.keyword === 'additionalProperties')
    return {
      path: chosen.instancePath,
      problem: `has unknown fields ${names('additionalProperties')}`,
    };
  if (chosen.keyword === 'required')
    return { path: chosen.instancePath, problem: `lacks ${names('requiredProperties')}` };
  return { path: chosen.instancePath, problem: chosen.message };
}

function bodyValidator(
  components: Readonly<Record<string, TSchema>>,
  schema: TSchema,
): (data: unknown) => ValidatorResult {
  const validator = Compile(components as Record<string, TSchema>, schema);
  return (data) => {
    if (validator.Check(data)) return true;
    const { path, problem } = firstError(validator.Errors(data));
    const where = path === '' ? 'request body' : `body field "${path.slice(1, 80)}"`;
    return { error: apiErrors.invalid_request({ where, problem }) };
  };
}

function textValidator(
  components: Readonly<Record<string, TSchema>>,
  schema: TSchema,
  part: string,
  bounds: ValidationBounds,
): (data: unknown) => ValidatorResult {
  const properties = ((schema as { properties?: Record<string, TSchema> }).properties ??
    {}) as Readonly<Record<string, TSchema>>;
  const fields = new Map<string, Field>(
    Object.entries(properties).map(([name, s]) => [
      name,
      { name, schema: s, type: (s as { type?: unknown }).type },
    ]),
  );
  const validator = Compile(components as Record<string, TSchema>, schema);
  return (data) => {
    const values: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries((data ?? {}) as Record<string, unknown>)) {
      const field = fields.get(name);
      if (field === undefined)
        return {
          error: apiErrors.invalid_parameter({
            where: `${part} ${quoted(name)}`,
            problem: 'this route has no such parameter',
          }),
        };
      if (typeof raw !== 'string')
        return { error: paramError(field, part, '', 'is given more than once', bounds) };
      const converted = convert(field, raw);
      if ('problem' in converted)
        return { error: paramError(field, part, raw, converted.problem, bounds) };
      values[name] = converted.value;
    }
    if (validator.Check(values)) return { value: values };
    const { path, problem } = firstError(validator.Errors(values));
    const name = path.split('/')[1] ?? '';
    const field = fields.get(name) ?? { name, schema: undefined, type: undefined };
    const raw = (data as Record<string, unknown> | null)?.[name];
    return {
      error: paramError(field, part, typeof raw === 'string' ? raw : '', problem, bounds),
    };
  };
}

/**
 * Fastify's validator compiler for the API: shapes resolve `$ref`s among `components` (name →
 * schema), path and query values are parsed strictly, bodies are checked without coercion.
 */
export function createValidatorCompiler(
  components: Readonly<Record<string, TSchema>>,
  bounds: ValidationBounds,
): FastifySchemaCompiler<TSchema> {
  return ({ schema, httpPart }) => {
    if (httpPart === 'params') return textValidator(components, schema, 'path parameter', bounds);
    if (httpPart === 'querystring')
      return textValidator(components, schema, 'query parameter', bounds);
    return bodyValidator(components, schema);
  };
}

// Typed errors with stable codes. Every expected failure (bad input, missing object, full pool) is
// a PolityError whose `code` never changes once published, so clients branch on it. The set of
// codes is closed: each folder or module declares its codes once with `defineErrors` (kind, and so
// HTTP status and exit code, and a message template), and raises them only through the factories it
// gets back. docs/spec/errors.md is generated from these declarations (test/catalog/errors.test.ts checks
// that the table is current, that every declared code is raised somewhere and that no code is used
// without being declared). Receipt codes are these codes, so a typo cannot reach a block.

/** How a failure should be reported; each kind has one HTTP status. */
export type ErrorKind =
  'invalid' | 'not_found' | 'conflict' | 'too_large' | 'unavailable' | 'unauthorized' | 'internal';

/** HTTP status of each error kind. */
export const statusOfKind: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  internal: 500,
  unavailable: 503,
};

/** The classes of CLI exit codes (docs/spec/errors.md and `polity --help` list the numbers). */
export const exitCodes = {
  ok: 0,
  failure: 1,
  usage: 2,
  nodeUnreachable: 3,
  rejected: 4,
  notFound: 5,
  proofInvalid: 6,
  keystore: 7,
  upgradeRequired: 8,
} as const;

/** A CLI exit class. */
export type ExitClass = Exclude<keyof typeof exitCodes, 'ok'>;

/** The exit class of a code that declares none: from its kind. */
export function exitClassOfKind(kind: ErrorKind): ExitClass {
  if (kind === 'not_found') return 'notFound';
  if (kind === 'invalid' || kind === 'too_large') return 'usage';
  return 'failure';
}

/** A value a message template can show. */
export type MessageArg = string | number | bigint | boolean;

/** An expected failure with a stable machine-readable code and a message that says what to do. */
export class PolityError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  /** The template's arguments (and anything a caller attached), for machine readers. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: string,
    kind: ErrorKind,
    message: string,
    details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'PolityError';
    this.code = code;
    this.kind = kind;
    this.details = details;
  }
}

/** One declared code. */
export interface ErrorSpec {
  readonly kind: ErrorKind;
  /**
   * What the user reads, saying what to do; `{name}` placeholders are filled from the factory's
   * argument (so the same text is the documentation and the message).
   */
  readonly message: string;
  /** The CLI exit class, when it is not the kind's (exitClassOfKind). */
  readonly exit?: ExitClass;
  /**
   * The HTTP status, when it is not the kind's: HTTP has statuses no kind stands for (415 for a body
   * that is not JSON).
   */
  readonly status?: number;
}

/** A declared code as the catalog keeps it. */
export interface CatalogEntry extends Required<ErrorSpec> {
  readonly code: string;
  /** The folder or module that declared it. */
  readonly owner: string;
  readonly status: number;
}

// `{name}` placeholders of a template (names are identifiers; `{ a, b }` with spaces is text).
type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? (Name extends `${string} ${string}` | '' ? never : Name) | Placeholders<Rest>
  : never;

/** The argument a factory takes for message template `S`. */
export type ArgsOf<S extends string> = [Placeholders<S>] extends [never]
  ? []
  : [args: { readonly [K in Placeholders<S>]: MessageArg }];

/** Raises one code: call it for the error; `code` names it (for `isPolityError`). */
export interface ErrorFactory<C extends string, S extends string> {
  (...args: ArgsOf<S>): PolityError;
  readonly code: C;
}

/** The factories of a `defineErrors` table. */
export type ErrorFactories<D extends Readonly<Record<string, ErrorSpec>>> = {
  readonly [K in keyof D & string]: ErrorFactory<K, D[K]['message']>;
};

const catalog = new Map<string, CatalogEntry>();
const placeholder = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** Fills a template's `{name}` placeholders. */
export function fillMessage(template: string, args: Readonly<Record<string, unknown>>): string {
  return template.replace(placeholder, (whole, name: string) =>
    name in args ? String(args[name]) : whole,
  );
}

/**
 * Declares the codes of one folder or module. A code is declared once in the whole program: a
 * second declaration (even an identical one) is a bug and throws when the module loads.
 */
export function defineErrors<const D extends Readonly<Record<string, ErrorSpec>>>(
  owner: string,
  specs: D,
): ErrorFactories<D> {
  const factories: Record<string, unknown> = {};
  for (const [code, spec] of Object.entries(specs)) {
    const existing = catalog.get(code);
    if (existing !== undefined)
      throw new Error(`error code ${code} is declared by ${existing.owner} and again by ${owner}`);
    const entry: CatalogEntry = {
      code,
      owner,
      kind: spec.kind,
      message: spec.message,
      exit: spec.exit ?? exitClassOfKind(spec.kind),
      status: spec.status ?? statusOfKind[spec.kind],
    };
    catalog.set(code, entry);
    const factory = (args?: Readonly<Record<string, unknown>>): PolityError =>
      new PolityError(
        code,
        spec.kind,
        args === undefined ? spec.message : fillMessage(spec.message, args),
        args,
      );
    Object.defineProperty(factory, 'code', { value: code, enumerable: true });
    Object.defineProperty(factory, 'name', { value: code });
    factories[code] = factory;
  }
  return Object.freeze(factories) as ErrorFactories<D>;
}

/** Every code declared so far (by the modules loaded), in declaration order. */
export function errorCatalog(): readonly CatalogEntry[] {
  return [...catalog.values()];
}

/** The declaration of `code`, when a loaded module declared it. */
export function errorSpecOf(code: string): CatalogEntry | undefined {
  return catalog.get(code);
}

/**
 * A copy of `error` with more details (for example the exit code a CLI command chose, or the
 * code of the failure inside an invalid block). Code, kind and message are kept.
 */
export function withDetails(
  error: PolityError,
  details: Readonly<Record<string, unknown>>,
): PolityError {
  return new PolityError(error.code, error.kind, error.message, { ...error.details, ...details });
}

/** A code as a factory or its name. */
export type CodeRef = string | { readonly code: string };

/** True when `value` is a PolityError, optionally with one of the given codes. */
export function isPolityError(value: unknown, ...codes: readonly CodeRef[]): value is PolityError {
  if (!(value instanceof PolityError)) return false;
  if (codes.length === 0) return true;
  return codes.some((c) => (typeof c === 'string' ? c : c.code) === value.code);
}

/**
 * An error received from elsewhere (a node's HTTP answer) rebuilt with its code and message; the
 * kind comes from the local declaration when there is one.
 */
export function remoteError(
  code: string,
  message: string,
  fallbackKind: ErrorKind,
  details?: Readonly<Record<string, unknown>>,
): PolityError {
  return new PolityError(code, errorSpecOf(code)?.kind ?? fallbackKind, message, details);
}

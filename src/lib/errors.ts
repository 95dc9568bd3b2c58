// Typed errors with stable codes: every expected failure (bad input, missing object, full pool)
// is a PolityError whose `code` never changes once published, so clients can branch on it.

/** How a failure should be reported; the API maps each kind to one HTTP status. */
export type ErrorKind =
  'invalid' | 'not_found' | 'conflict' | 'too_large' | 'unavailable' | 'unauthorized' | 'internal';

/** An expected failure with a stable machine-readable code and a message that says what to do. */
export class PolityError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
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

/** Builds a PolityError; a factory keeps call sites short. */
export function polityError(
  code: string,
  kind: ErrorKind,
  message: string,
  details?: Readonly<Record<string, unknown>>,
): PolityError {
  return new PolityError(code, kind, message, details);
}

/** True when `value` is a PolityError, optionally with the given code. */
export function isPolityError(value: unknown, code?: string): value is PolityError {
  return value instanceof PolityError && (code === undefined || value.code === code);
}

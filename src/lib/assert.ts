// Invariant checks: a broken invariant is a bug, so it crashes loudly rather than returning an
// error a caller might ignore. Expected failures use PolityError instead.

/** Thrown when an internal invariant does not hold. */
export class AssertionFailure extends Error {
  constructor(message: string) {
    super(`invariant violated: ${message}`);
    this.name = 'AssertionFailure';
  }
}

/** Asserts an invariant; narrows the type of `condition`. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionFailure(message);
}

/** Marks a switch as exhaustive at compile time and crashes if reached at run time. */
export function unreachable(value: never): never {
  throw new AssertionFailure(`unreachable value ${String(value)}`);
}

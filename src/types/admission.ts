// The outcome of admitting one transaction to the mempool: the chain's admission produces it and
// the API serves it, so it is defined once here, below both.
import type { PolityError } from '../lib/index.ts';

/** Outcome of admitting one transaction to the mempool. */
export type AdmissionResult =
  | { readonly hash: Uint8Array; readonly accepted: true }
  | {
      readonly hash: Uint8Array | undefined;
      readonly accepted: false;
      readonly error: PolityError;
    };

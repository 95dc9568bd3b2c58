// What each module's client methods receive: calls by route description, the validators the
// caller trusts (for proved reads) and the chain they must be of.
import type { Validator } from '../../types/index.ts';
import type { Caller } from './call.ts';
import type { Http } from './http.ts';

/** Shared by the modules' client methods. */
export interface ClientContext extends Caller {
  readonly http: Http;
  /** The client's per-request timeout. */
  readonly timeoutMs: number;
  /** Validators to verify commits against (given, or fetched once from the node). */
  trusted(): Promise<readonly Validator[]>;
  /** When set, proofs from another chain are rejected. */
  readonly chainId: string | undefined;
}

/** Options of a proved read. */
export interface ProveOptions {
  readonly prove?: boolean;
}

/** Options of a listing. */
export interface PageOptions {
  readonly before?: number;
  readonly limit?: number;
}

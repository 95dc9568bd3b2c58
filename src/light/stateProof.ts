// Checking a state value against a verified header: once the header is trusted, a proof from the
// key to its state root makes the value (or its absence) trusted too.
import { verifyStateProof, type StateProof } from '../state/index.ts';
import type { Header } from '../types/index.ts';
import { lightErrors } from './errors.ts';

/** Throws `light_proof_invalid` unless `proof` shows `key` ↦ `value` under `header.stateRoot`. */
export function verifyStateAgainstHeader(
  header: Header,
  key: Uint8Array,
  value: Uint8Array | undefined,
  proof: StateProof,
): void {
  if (!verifyStateProof(header.stateRoot, key, value, proof)) {
    throw lightErrors.light_proof_invalid({ height: header.height });
  }
}

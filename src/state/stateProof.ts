// Proofs of presence and absence against a state root, and their offline verification. A proof
// is the path from the root to where the key's hash leads: the sibling hash at every level, and
// what sits at the end of the path (the key's leaf, another key's leaf, or an empty subtree).
import { sha256 } from '../crypto/index.ts';
import { equalBytes } from '../lib/index.ts';
import { nodeHashBytes, proofDepthMax, stateKeyBytesMax, stateValueBytesMax } from './limits.ts';
import { bitAt, emptyHash, internalHash, isEmptyHash, leafHash } from './node.ts';

/** The leaf at the end of a proof's path, by the hashes of its key and value. */
export interface ProofLeaf {
  readonly keyHash: Uint8Array;
  readonly valueHash: Uint8Array;
}

/** Inclusion or exclusion proof of one key against a state root. */
export interface StateProof {
  readonly key: Uint8Array;
  /** The leaf ending the path (the key's own, or another key's for absence); undefined = empty. */
  readonly leaf: ProofLeaf | undefined;
  /** Sibling hashes from the root down: `siblings[i]` is the sibling at depth i. */
  readonly siblings: readonly Uint8Array[];
}

function sharesPrefix(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  for (let i = 0; i < bits; i++) if (bitAt(a, i) !== bitAt(b, i)) return false;
  return true;
}

// The hash at the end of the path, or undefined when the terminal does not fit the claim.
function terminalHash(
  keyHash: Uint8Array,
  value: Uint8Array | undefined,
  proof: StateProof,
): Uint8Array | undefined {
  const leaf = proof.leaf;
  if (leaf === undefined) return value === undefined ? emptyHash : undefined;
  if (leaf.keyHash.length !== nodeHashBytes || leaf.valueHash.length !== nodeHashBytes) {
    return undefined;
  }
  if (value !== undefined) {
    if (!equalBytes(leaf.keyHash, keyHash) || !equalBytes(leaf.valueHash, sha256(value))) {
      return undefined;
    }
  } else if (
    equalBytes(leaf.keyHash, keyHash) ||
    !sharesPrefix(leaf.keyHash, keyHash, proof.siblings.length)
  ) {
    // Absence needs another key's leaf lying on this key's path.
    return undefined;
  }
  return leafHash(leaf.keyHash, leaf.valueHash);
}

/**
 * Checks offline that `key` has `value` (or, with `value` undefined, is absent) in the state
 * whose root is `root`. Pure; returns false for any malformed or non-matching proof.
 */
export function verifyStateProof(
  root: Uint8Array,
  key: Uint8Array,
  value: Uint8Array | undefined,
  proof: StateProof,
): boolean {
  if (root.length !== nodeHashBytes || key.length > stateKeyBytesMax) return false;
  if (value !== undefined && value.length > stateValueBytesMax) return false;
  if (!equalBytes(proof.key, key)) return false;
  const depth = proof.siblings.length;
  if (depth > proofDepthMax) return false;
  for (const s of proof.siblings) if (s.length !== nodeHashBytes) return false;
  // Canonical trees have no internal node with a single empty-or-leaf pair below it, so the
  // deepest sibling of any path is never empty.
  const deepest = proof.siblings[depth - 1];
  if (deepest !== undefined && isEmptyHash(deepest)) return false;

  const keyHash = sha256(key);
  let hash = terminalHash(keyHash, value, proof);
  if (hash === undefined) return false;
  for (let i = depth - 1; i >= 0; i--) {
    const sibling = proof.siblings[i];
    if (sibling === undefined) return false;
    hash = bitAt(keyHash, i) === 0 ? internalHash(hash, sibling) : internalHash(sibling, hash);
  }
  return equalBytes(hash, root);
}

// What a block tells execution about validators' conduct: the double signing its evidence proves
// (slashed and tombstoned on public chains) and who of the previous height's validators is absent
// from its last commit (downtime). Both are decided by the block's contents, so every node agrees.
import type { Misbehaviour } from '../execution/index.ts';
import { equalBytes } from '../lib/index.ts';
import { decodeEvidence, type Commit, type Validator } from '../types/index.ts';

/** The misbehaviour proved by a block's (already checked) evidence. */
export function misbehaviourOf(
  evidence: readonly Uint8Array[],
  hashes: readonly Uint8Array[],
): Misbehaviour[] {
  return evidence.map((raw, i) => {
    const e = decodeEvidence(raw);
    return {
      validator: e.voteA.vote.validator,
      height: e.voteA.vote.height,
      evidenceHash: hashes[i] ?? new Uint8Array(32),
    };
  });
}

/** Validators of the previous height whose signature the last commit lacks. */
export function absentFrom(
  lastValidators: readonly Validator[],
  lastCommit: Commit | undefined,
): Uint8Array[] {
  if (lastCommit === undefined) return [];
  return lastValidators
    .filter((v) => !lastCommit.signatures.some((s) => equalBytes(s.validator, v.address)))
    .map((v) => v.address);
}

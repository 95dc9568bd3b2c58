// Evidence of misbehaviour carried in blocks: what makes an item acceptable, and its hash (the
// leaf of the header's evidence root and the key of the committed-evidence index).
import { taggedHash } from '../crypto/index.ts';
import { equalBytes, isPolityError, toHex } from '../lib/index.ts';
import {
  checkDuplicateVote,
  decodeEvidence,
  encodeEvidence,
  type Evidence,
  type Validator,
} from '../types/index.ts';

/** Evidence older than this many blocks is no longer accepted (nor needed: it is past use). */
export const evidenceAgeBlocksMax = 100_000;

/** The hash of one evidence item's canonical bytes. */
export function evidenceHash(encoded: Uint8Array): Uint8Array {
  return taggedHash('polity/evidence', encoded);
}

/** What judging evidence needs from the chain. */
export interface EvidenceContext {
  readonly chainId: string;
  /** Height of the block that would carry the evidence. */
  readonly height: number;
  validatorsAt(height: number): readonly Validator[] | undefined;
  isCommitted(hash: Uint8Array): boolean;
}

/** Why `evidence` may not be carried by a block at `ctx.height`, or undefined when it may. */
export function checkEvidence(ctx: EvidenceContext, evidence: Evidence): string | undefined {
  const vote = evidence.voteA.vote;
  if (vote.chainId !== ctx.chainId) return `evidence is for chain "${vote.chainId}"`;
  if (vote.height < 1 || vote.height > ctx.height)
    return `evidence height ${vote.height} is not at or below ${ctx.height}`;
  if (ctx.height - vote.height > evidenceAgeBlocksMax)
    return `evidence from height ${vote.height} is older than ${evidenceAgeBlocksMax} blocks`;
  const validator = ctx
    .validatorsAt(vote.height)
    ?.find((v) => equalBytes(v.address, vote.validator));
  if (validator === undefined)
    return `${toHex(vote.validator)} was not a validator at height ${vote.height}`;
  return checkDuplicateVote(evidence, validator);
}

/** The verdict on a block's evidence list. */
export type EvidenceListCheck =
  | { readonly ok: true; readonly hashes: readonly Uint8Array[] }
  | { readonly ok: false; readonly reason: string };

/** Checks a block's evidence: canonical bytes, valid, not committed before, not repeated. */
export function checkEvidenceList(
  ctx: EvidenceContext,
  items: readonly Uint8Array[],
): EvidenceListCheck {
  const hashes: Uint8Array[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const raw = items[i] ?? new Uint8Array();
    let evidence: Evidence;
    try {
      evidence = decodeEvidence(raw);
    } catch (error) {
      if (!isPolityError(error)) throw error;
      return { ok: false, reason: `evidence ${i} does not decode: ${error.message}` };
    }
    if (!equalBytes(encodeEvidence(evidence), raw))
      return { ok: false, reason: `evidence ${i} is not canonically encoded` };
    const hash = evidenceHash(raw);
    const id = toHex(hash);
    if (seen.has(id)) return { ok: false, reason: `evidence ${i} repeats an earlier item` };
    seen.add(id);
    if (ctx.isCommitted(hash)) return { ok: false, reason: `evidence ${i} is already committed` };
    const problem = checkEvidence(ctx, evidence);
    if (problem !== undefined) return { ok: false, reason: `evidence ${i}: ${problem}` };
    hashes.push(hash);
  }
  return { ok: true, hashes };
}

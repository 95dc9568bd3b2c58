// Signed consensus messages: proposals and votes as they travel between validators, and evidence
// of equivocation (two conflicting votes signed by one validator for the same height, round and
// type). A proposal's signature covers the block hash, so the block itself travels beside it.
import { compareBytes, concatBytes, equalBytes, utf8 } from '../lib/index.ts';
import {
  decode,
  encode,
  fixedBytes,
  struct,
  text,
  u32,
  uint,
  union,
  type Infer,
} from '../codec/index.ts';
import { addressSizeBytes, signatureCodec, verifySignature } from '../crypto/index.ts';
import { chainIdBytesMax } from './limits.ts';
import { voteCodec, voteSignBytes, type Vote } from './vote.ts';
import type { Validator } from './validator.ts';

/**
 * A proposal for `(height, round)`. `polRound` is the paper's `validRound`: the round of the
 * proof-of-lock the proposer re-proposes from, encoded as `polRound + 1` (0 means none, -1).
 */
export const proposalCodec = struct({
  chainId: text(chainIdBytesMax),
  height: uint,
  round: u32,
  polRoundPlusOne: u32,
  blockHash: fixedBytes(32),
  proposer: fixedBytes(addressSizeBytes),
});

/** A proposal for `(height, round)` (see `proposalCodec`). */
export type Proposal = Infer<typeof proposalCodec>;

/** A proposal and its proposer's signature. */
export const signedProposalCodec = struct({ proposal: proposalCodec, signature: signatureCodec });
/** A proposal and its proposer's signature. */
export type SignedProposal = Infer<typeof signedProposalCodec>;

/** A vote and its validator's signature. */
export const signedVoteCodec = struct({ vote: voteCodec, signature: signatureCodec });
/** A vote and its validator's signature. */
export type SignedVote = Infer<typeof signedVoteCodec>;

const proposalDomain = utf8('polity/proposal/v1\u0000');

/** The exact bytes a proposer signs. */
export function proposalSignBytes(proposal: Proposal): Uint8Array {
  return concatBytes(proposalDomain, encode(proposalCodec, proposal));
}

/** The paper's validRound of a proposal: -1 when it carries no proof-of-lock round. */
export function polRoundOf(proposal: Proposal): number {
  return proposal.polRoundPlusOne - 1;
}

/** Checks a signed vote's signature against the validator that claims it. */
export function verifySignedVote(signed: SignedVote, validator: Validator): boolean {
  return (
    equalBytes(signed.vote.validator, validator.address) &&
    verifySignature(validator.publicKey, voteSignBytes(signed.vote), signed.signature)
  );
}

/** Checks a signed proposal's signature against its proposer. */
export function verifySignedProposal(signed: SignedProposal, proposer: Validator): boolean {
  return (
    equalBytes(signed.proposal.proposer, proposer.address) &&
    verifySignature(proposer.publicKey, proposalSignBytes(signed.proposal), signed.signature)
  );
}

/**
 * Evidence that one validator signed two different votes of the same type for the same height
 * and round. Stored in blocks as `encode(evidenceCodec, …)`.
 */
export const evidenceCodec = union('type', {
  duplicateVote: [1, struct({ voteA: signedVoteCodec, voteB: signedVoteCodec })],
});

/** Evidence of misbehaviour (see `evidenceCodec`). */
export type Evidence = Infer<typeof evidenceCodec>;

/** Canonical bytes of one evidence item, as carried in `Block.evidence`. */
export function encodeEvidence(evidence: Evidence): Uint8Array {
  return encode(evidenceCodec, evidence);
}

/** Decodes one evidence item. */
export function decodeEvidence(data: Uint8Array): Evidence {
  return decode(evidenceCodec, data);
}

/** Orders two conflicting votes canonically (by encoded bytes) so one equivocation has one form. */
export function duplicateVoteEvidence(a: SignedVote, b: SignedVote): Evidence {
  const ea = encode(signedVoteCodec, a);
  const eb = encode(signedVoteCodec, b);
  const aFirst = compareBytes(ea, eb) < 0;
  return { type: 'duplicateVote', voteA: aFirst ? a : b, voteB: aFirst ? b : a };
}

/**
 * Why a piece of duplicate-vote evidence is invalid against `validator`, or undefined when it
 * proves equivocation: same validator, type, chain, height and round, different block hashes
 * (nil counts as a value), both signatures valid.
 */
export function checkDuplicateVote(
  evidence: Extract<Evidence, { type: 'duplicateVote' }>,
  validator: Validator,
): string | undefined {
  const a: Vote = evidence.voteA.vote;
  const b: Vote = evidence.voteB.vote;
  if (!equalBytes(a.validator, b.validator)) return 'the two votes are from different validators';
  if (a.type !== b.type || a.chainId !== b.chainId || a.height !== b.height || a.round !== b.round)
    return 'the two votes are not for the same chain, height, round and type';
  const sameValue =
    a.blockHash === undefined
      ? b.blockHash === undefined
      : b.blockHash !== undefined && equalBytes(a.blockHash, b.blockHash);
  if (sameValue) return 'the two votes are for the same value';
  if (!verifySignedVote(evidence.voteA, validator) || !verifySignedVote(evidence.voteB, validator))
    return 'a signature does not verify';
  return undefined;
}

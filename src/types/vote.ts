// Votes and commits in the Tendermint shape: a commit for height H is the set of +2/3 precommit
// signatures for H's block hash. In solo mode the set has one validator and one signature, in the
// same format the BFT engine will use.
import { concatBytes, toHex, utf8 } from '../lib/index.ts';
import {
  encode,
  fixedBytes,
  option,
  struct,
  text,
  u32,
  u8,
  uint,
  vec,
  type Infer,
} from '../codec/index.ts';
import {
  addressSizeBytes,
  signatureCodec,
  taggedHash,
  verifySignature,
  type Signer,
} from '../crypto/index.ts';
import { chainIdBytesMax, validatorsMax } from './limits.ts';
import type { Validator } from './validator.ts';

/** Vote types: 1 prevote, 2 precommit. */
export const voteTypes = { prevote: 1, precommit: 2 } as const;

/** What a validator signs when it votes. A nil vote has no block hash. */
export const voteCodec = struct({
  type: u8,
  chainId: text(chainIdBytesMax),
  height: uint,
  round: u32,
  blockHash: option(fixedBytes(32)),
  timeMs: uint,
  validator: fixedBytes(addressSizeBytes),
});

/** What a validator signs when it votes. */
export type Vote = Infer<typeof voteCodec>;

const voteDomain = utf8('polity/vote/v1\u0000');

/** The exact bytes a validator signs for a vote. */
export function voteSignBytes(vote: Vote): Uint8Array {
  return concatBytes(voteDomain, encode(voteCodec, vote));
}

/** One precommit signature inside a commit. */
export const commitSigCodec = struct({
  validator: fixedBytes(addressSizeBytes),
  timeMs: uint,
  signature: signatureCodec,
});

/** The +2/3 precommits that finalised a block. */
export const commitCodec = struct({
  height: uint,
  round: u32,
  blockHash: fixedBytes(32),
  signatures: vec(commitSigCodec, validatorsMax),
});

/** The +2/3 precommits that finalised a block. */
export type Commit = Infer<typeof commitCodec>;

/** One signature of a commit. */
export type CommitSig = Commit['signatures'][number];

/** The precommit a commit signature signed: the commit's block, the signer's own time. */
export function commitSigVote(chainId: string, commit: Commit, sig: CommitSig): Vote {
  return {
    type: voteTypes.precommit,
    chainId,
    height: commit.height,
    round: commit.round,
    blockHash: commit.blockHash,
    timeMs: sig.timeMs,
    validator: sig.validator,
  };
}

/** Hash of a commit, as referenced by the next header's `lastCommitHash`. */
export function commitHash(commit: Commit): Uint8Array {
  return taggedHash('polity/commit', encode(commitCodec, commit));
}

/** Signs a precommit for `blockHash` and returns it as a commit signature. */
export function signPrecommit(
  signer: Signer,
  validatorAddress: Uint8Array,
  chainId: string,
  height: number,
  round: number,
  blockHash: Uint8Array,
  timeMs: number,
): Infer<typeof commitSigCodec> {
  const vote: Vote = {
    type: voteTypes.precommit,
    chainId,
    height,
    round,
    blockHash,
    timeMs,
    validator: validatorAddress,
  };
  return { validator: validatorAddress, timeMs, signature: signer.sign(voteSignBytes(vote)) };
}

/**
 * Checks a commit against a validator set: every signature valid, no validator twice, and the
 * signed power strictly above two thirds of the total. Returns the reason when it fails.
 */
export function verifyCommit(
  chainId: string,
  commit: Commit,
  validators: readonly Validator[],
): { readonly ok: true } | { readonly ok: false; readonly reason: string } {
  const byAddress = new Map(validators.map((v) => [toHex(v.address), v]));
  let total = 0;
  for (const v of validators) total += v.power;
  const seen = new Set<string>();
  let signed = 0;
  for (const sig of commit.signatures) {
    const id = toHex(sig.validator);
    const validator = byAddress.get(id);
    if (validator === undefined)
      return { ok: false, reason: `signer ${id} is not in the validator set` };
    if (seen.has(id)) return { ok: false, reason: `validator ${id} signed twice` };
    seen.add(id);
    const vote = commitSigVote(chainId, commit, sig);
    if (!verifySignature(validator.publicKey, voteSignBytes(vote), sig.signature)) {
      return { ok: false, reason: `bad precommit signature from ${id}` };
    }
    signed += validator.power;
  }
  if (signed * 3 <= total * 2)
    return { ok: false, reason: `signed power ${signed} of ${total} is not above 2/3` };
  return { ok: true };
}

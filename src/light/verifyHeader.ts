// Light-client verification: trusting a new header because validators the client already trusts
// signed it. From a trusted header at height H, a header at H+1 is verified "adjacently" (it
// links to H and is signed by +2/3 of the set H named as next); a header further ahead is verified
// by "skipping" (validators holding more than `trustLevel` of the trusted next set signed it, so
// at least one honest validator the client trusts vouches for it, and +2/3 of its own set signed
// it). When skipping fails — the set changed too much — the client bisects. The trusted header
// must be recent (within the trusting period), or a long-gone validator set could forge history.
// Pure functions: the caller supplies the current time and the way to fetch light blocks.
import { equalBytes, toHex } from '../lib/index.ts';
import {
  blockHash,
  validatorSetHash,
  verifyCommit,
  voteSignBytes,
  commitSigVote,
  type Commit,
  type Header,
  type Validator,
} from '../types/index.ts';
import { verifySignature } from '../crypto/index.ts';
import { lightErrors } from './errors.ts';

/** What a light client needs of one height: the header, its commit and both validator sets. */
export interface LightBlock {
  readonly header: Header;
  readonly commit: Commit;
  /** The set that signs this height (hash = header.validatorsHash). */
  readonly validators: readonly Validator[];
  /** The set that signs the next height (hash = header.nextValidatorsHash). */
  readonly nextValidators: readonly Validator[];
}

/** How much to trust. */
export interface TrustOptions {
  /** Fraction of the trusted set's power that must sign a skipped-to header (default 1/3). */
  readonly trustLevel?: { readonly numerator: number; readonly denominator: number };
  /** How long a trusted header may be used, in ms (default 14 days). */
  readonly trustingPeriodMs?: number;
  /** Tolerated clock drift for headers from the future, in ms (default 10 s). */
  readonly clockDriftMs?: number;
}

/** Default trusting period: two weeks (shorter than any unbonding period we would configure). */
export const trustingPeriodMsDefault = 14 * 24 * 60 * 60 * 1000;

/** Checks that a light block is internally consistent: sets match the header, commit signs it. */
export function checkLightBlock(block: LightBlock, chainId: string): void {
  const { header, commit } = block;
  if (header.chainId !== chainId)
    throw lightErrors.light_chain_mismatch({ chainId: header.chainId, expected: chainId });
  if (!equalBytes(validatorSetHash(block.validators), header.validatorsHash))
    throw lightErrors.light_validators_mismatch({
      set: 'validator set served',
      height: header.height,
      namedBy: 'its header',
    });
  if (!equalBytes(validatorSetHash(block.nextValidators), header.nextValidatorsHash))
    throw lightErrors.light_validators_mismatch({
      set: 'next validator set served',
      height: header.height,
      namedBy: 'its header',
    });
  if (commit.height !== header.height || !equalBytes(commit.blockHash, blockHash(header)))
    throw lightErrors.light_commit_mismatch({ height: header.height });
  const own = verifyCommit(chainId, commit, block.validators);
  if (!own.ok)
    throw lightErrors.light_commit_insufficient({ height: header.height, reason: own.reason });
}

function checkTrustFresh(
  trusted: Header,
  untrusted: Header,
  nowMs: number,
  options: TrustOptions,
): void {
  const period = options.trustingPeriodMs ?? trustingPeriodMsDefault;
  if (trusted.timeMs + period <= nowMs)
    throw lightErrors.light_trust_expired({ height: trusted.height });
  if (untrusted.timeMs > nowMs + (options.clockDriftMs ?? 10_000))
    throw lightErrors.light_header_from_future({ height: untrusted.height });
  if (untrusted.height <= trusted.height)
    throw lightErrors.light_not_ahead({ height: untrusted.height, trustedHeight: trusted.height });
  if (untrusted.timeMs <= trusted.timeMs)
    throw lightErrors.light_time_not_increasing({ height: untrusted.height });
}

/** Power of `trustedSet` validators whose valid precommit signatures are in `commit`. */
export function trustedSigningPower(
  chainId: string,
  commit: Commit,
  trustedSet: readonly Validator[],
): number {
  const byAddress = new Map(trustedSet.map((v) => [toHex(v.address), v]));
  const counted = new Set<string>();
  let power = 0;
  for (const sig of commit.signatures) {
    const id = toHex(sig.validator);
    const validator = byAddress.get(id);
    if (validator === undefined || counted.has(id)) continue;
    const vote = commitSigVote(chainId, commit, sig);
    if (!verifySignature(validator.publicKey, voteSignBytes(vote), sig.signature)) continue;
    counted.add(id);
    power += validator.power;
  }
  return power;
}

/** Verifies `untrusted` at trusted height + 1. */
export function verifyAdjacent(
  trusted: LightBlock,
  untrusted: LightBlock,
  nowMs: number,
  options: TrustOptions = {},
): void {
  const chainId = trusted.header.chainId;
  checkTrustFresh(trusted.header, untrusted.header, nowMs, options);
  if (untrusted.header.height !== trusted.header.height + 1)
    throw lightErrors.light_not_adjacent({
      expected: trusted.header.height + 1,
      height: untrusted.header.height,
    });
  checkLightBlock(untrusted, chainId);
  if (!equalBytes(untrusted.header.prevHash, blockHash(trusted.header)))
    throw lightErrors.light_header_mismatch({ height: untrusted.header.height });
  if (!equalBytes(untrusted.header.validatorsHash, trusted.header.nextValidatorsHash))
    throw lightErrors.light_validators_mismatch({
      set: 'validator set',
      height: untrusted.header.height,
      namedBy: 'the trusted header',
    });
}

/** Verifies `untrusted` more than one height after `trusted` (skipping verification). */
export function verifySkipping(
  trusted: LightBlock,
  untrusted: LightBlock,
  nowMs: number,
  options: TrustOptions = {},
): void {
  const chainId = trusted.header.chainId;
  checkTrustFresh(trusted.header, untrusted.header, nowMs, options);
  checkLightBlock(untrusted, chainId);
  const level = options.trustLevel ?? { numerator: 1, denominator: 3 };
  let total = 0;
  for (const v of trusted.nextValidators) total += v.power;
  const signed = trustedSigningPower(chainId, untrusted.commit, trusted.nextValidators);
  if (signed * level.denominator <= total * level.numerator)
    throw lightErrors.light_trust_insufficient({
      trustedHeight: trusted.header.height,
      signed,
      total,
      height: untrusted.header.height,
    });
}

/** Adjacent when possible, skipping otherwise. */
export function verifyLightBlock(
  trusted: LightBlock,
  untrusted: LightBlock,
  nowMs: number,
  options: TrustOptions = {},
): void {
  if (untrusted.header.height === trusted.header.height + 1)
    verifyAdjacent(trusted, untrusted, nowMs, options);
  else verifySkipping(trusted, untrusted, nowMs, options);
}

// The only way the driver signs: a guard over the validator key that never signs two different
// messages for one (height, round, step) and never signs below what it signed last. The record
// of the last signature is made durable before the signature leaves this module, so even a
// kill -9 between signing and sending cannot lead to a double sign after restart. Asking again
// for the same value at the same (height, round, step) returns the message signed the first time
// (this is how a WAL replay re-sends its votes without signing anew).
import { encode } from '../codec/index.ts';
import type { Signer } from '../crypto/index.ts';
import { decode } from '../codec/index.ts';
import { createSerialQueue, equalBytes } from '../lib/index.ts';
import {
  proposalSignBytes,
  signedProposalCodec,
  signedVoteCodec,
  voteSignBytes,
  voteTypes,
  type Proposal,
  type SignedProposal,
  type SignedVote,
  type Vote,
} from '../types/index.ts';
import type { LastSigned, LastSignedStore } from './ports.ts';

/** Step numbers of the guard: a proposal comes before the prevote, which comes before the precommit. */
export const signSteps = { proposal: 1, prevote: 2, precommit: 3 } as const;

/** Signs proposals and votes at most once per (height, round, step). */
export interface GuardedSigner {
  /** The signed vote, or undefined when signing it could be a double sign. */
  signVote(vote: Vote): Promise<SignedVote | undefined>;
  /** The signed proposal, or undefined when signing it could be a double sign. */
  signProposal(proposal: Proposal): Promise<SignedProposal | undefined>;
  /** The durable record of the newest signature (what a restarted validator last signed). */
  lastSigned(): LastSigned | undefined;
}

function compareHrs(a: LastSigned, height: number, round: number, step: number): number {
  if (a.height !== height) return a.height < height ? -1 : 1;
  if (a.round !== round) return a.round < round ? -1 : 1;
  if (a.step !== step) return a.step < step ? -1 : 1;
  return 0;
}

const sameValue = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean =>
  a === undefined ? b === undefined : b !== undefined && equalBytes(a, b);

/** Wraps a signer with the double-sign guard backed by `store`. */
export function createGuardedSigner(signer: Signer, store: LastSignedStore): GuardedSigner {
  let last = store.load();
  // One signature at a time, so the durable record always describes the newest signature.
  const queue = createSerialQueue();
  const serial = <T>(work: () => Promise<T>): Promise<T> => queue.run(work);

  const guarded = async <T>(
    height: number,
    round: number,
    step: number,
    value: Uint8Array | undefined,
    sign: () => T,
    encodeSigned: (signed: T) => Uint8Array,
    decodeSigned: (bytes: Uint8Array) => T,
  ): Promise<T | undefined> => {
    if (last !== undefined) {
      const order = compareHrs(last, height, round, step);
      if (order > 0) return undefined; // below what we signed last: never
      if (order === 0) return sameValue(last.value, value) ? decodeSigned(last.message) : undefined;
    }
    const signed = sign();
    const record: LastSigned = { height, round, step, value, message: encodeSigned(signed) };
    await store.save(record);
    last = record;
    return signed;
  };

  return {
    lastSigned: () => last,
    signVote: (vote) =>
      serial(() =>
        guarded(
          vote.height,
          vote.round,
          vote.type === voteTypes.prevote ? signSteps.prevote : signSteps.precommit,
          vote.blockHash,
          (): SignedVote => ({ vote, signature: signer.sign(voteSignBytes(vote)) }),
          (s) => encode(signedVoteCodec, s),
          (b) => decode(signedVoteCodec, b),
        ),
      ),
    signProposal: (proposal) =>
      serial(() =>
        guarded(
          proposal.height,
          proposal.round,
          signSteps.proposal,
          proposal.blockHash,
          (): SignedProposal => ({ proposal, signature: signer.sign(proposalSignBytes(proposal)) }),
          (s) => encode(signedProposalCodec, s),
          (b) => decode(signedProposalCodec, b),
        ),
      ),
  };
}

// What validators say to each other about consensus, and its canonical encoding on the wire.
import { bytes, decode, encode, struct, u32, uint, union, type Infer } from '../codec/index.ts';
import {
  blockBytesMax,
  signedProposalCodec,
  signedVoteCodec,
  evidenceCodec,
  commitCodec,
} from '../types/index.ts';
import { consensusErrors } from './errors.ts';

/**
 * A consensus message: a signed proposal with its block, a signed vote, a node's current
 * (height, round) so peers can help it catch up, a piece of evidence, or a request for / answer
 * with a committed block and its commit (how a validator that fell a few blocks behind catches up).
 */
export const consensusMessageCodec = union('kind', {
  proposal: [1, struct({ signed: signedProposalCodec, block: bytes(blockBytesMax) })],
  vote: [2, struct({ signed: signedVoteCodec })],
  status: [3, struct({ height: uint, round: u32 })],
  evidence: [4, struct({ evidence: evidenceCodec })],
  syncRequest: [5, struct({ height: uint })],
  syncBlock: [6, struct({ height: uint, block: bytes(blockBytesMax), commit: commitCodec })],
});

/** A consensus message (see `consensusMessageCodec`). */
export type ConsensusMessage = Infer<typeof consensusMessageCodec>;

/** Largest encoded consensus message: a full block plus its signed proposal. */
export const consensusMessageBytesMax = blockBytesMax + 4096;

/** Canonical bytes of a consensus message. */
export function encodeConsensusMessage(message: ConsensusMessage): Uint8Array {
  return encode(consensusMessageCodec, message);
}

/** Decodes a consensus message from a peer, bounded by `consensusMessageBytesMax`. */
export function decodeConsensusMessage(data: Uint8Array): ConsensusMessage {
  if (data.length > consensusMessageBytesMax) {
    throw consensusErrors.message_too_large({ bytesMax: consensusMessageBytesMax });
  }
  return decode(consensusMessageCodec, data);
}

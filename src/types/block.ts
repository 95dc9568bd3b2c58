// Blocks and headers. The header commits to everything a light client needs: the previous block,
// the last commit, the transactions and their receipts, the state root after this block, and the
// validator sets, so the BFT engine of the next stage fits without changing the format.
import {
  bytes,
  decode,
  encode,
  fixedBytes,
  option,
  struct,
  text,
  u16,
  uint,
  vec,
  type Infer,
} from '../codec/index.ts';
import { addressSizeBytes, taggedHash } from '../crypto/index.ts';
import { blockBytesMax, chainIdBytesMax, txBytesMax, txsPerBlockMax } from './limits.ts';
import { typesErrors } from './errors.ts';
import { commitCodec } from './vote.ts';

const hash32 = fixedBytes(32);

/** A block header. */
export const headerCodec = struct({
  version: u16,
  chainId: text(chainIdBytesMax),
  height: uint,
  timeMs: uint,
  prevHash: hash32,
  lastCommitHash: hash32,
  txRoot: hash32,
  receiptsRoot: hash32,
  evidenceRoot: hash32,
  stateRoot: hash32,
  validatorsHash: hash32,
  nextValidatorsHash: hash32,
  proposer: fixedBytes(addressSizeBytes),
});

/** A block header. */
export type Header = Infer<typeof headerCodec>;

/** Most evidence items in one block, and their size bound (their format comes with BFT). */
export const evidencePerBlockMax = 100;
const evidenceBytesMax = 16 * 1024;

/** A block: header, transactions as their canonical bytes, the previous block's commit, evidence. */
export const blockCodec = struct({
  header: headerCodec,
  txs: vec(bytes(txBytesMax), txsPerBlockMax),
  lastCommit: option(commitCodec),
  evidence: vec(bytes(evidenceBytesMax), evidencePerBlockMax),
});

/** A block. */
export type Block = Infer<typeof blockCodec>;

/** The hash that identifies a block: a tagged hash of its header. */
export function blockHash(header: Header): Uint8Array {
  return taggedHash('polity/header', encode(headerCodec, header));
}

/** Canonical bytes of a block. */
export function encodeBlock(block: Block): Uint8Array {
  return encode(blockCodec, block, 4096);
}

/** Decodes a block, bounded by `blockBytesMax`. */
export function decodeBlock(data: Uint8Array): Block {
  if (data.length > blockBytesMax)
    throw typesErrors.block_too_large({ max: blockBytesMax, size: data.length });
  return decode(blockCodec, data);
}

/** The all-zero hash used for "no previous block". */
export const zeroHash: Uint8Array = new Uint8Array(32);

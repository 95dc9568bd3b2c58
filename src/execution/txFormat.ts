// The transaction envelope around a table's messages: what a user signs (the chain id, against
// replay across chains; the sender's nonce, against replay within one) and how it is encoded. The
// sender is an address, so keys can rotate later.
import { decode, encode, struct, text, u64, uint, vec, type Codec } from '../codec/index.ts';
import {
  addressCodec,
  publicKeyCodec,
  signatureCodec,
  type PublicKey,
  type Signature,
} from '../crypto/index.ts';
import { concatBytes, utf8 } from '../lib/index.ts';
import { chainIdBytesMax, txBytesMax } from '../types/index.ts';
import { executionErrors } from './errors.ts';

/** Most messages in one transaction. */
export const messagesPerTxMax = 64;
/** Longest memo in bytes. */
export const memoBytesMax = 256;

/** The signed part of a transaction carrying messages `M`. */
export interface TxBodyOf<M> {
  readonly chainId: string;
  readonly sender: Uint8Array;
  readonly nonce: number;
  readonly fee: bigint;
  readonly gasLimit: number;
  readonly messages: readonly M[];
  readonly memo: string;
}

/** A transaction with the signer's public key and signature. */
export interface SignedTxOf<M> {
  readonly body: TxBodyOf<M>;
  readonly signer: PublicKey;
  readonly signature: Signature;
}

/** Encoding and decoding of transactions over one message codec. */
export interface TxFormat<M> {
  readonly bodyCodec: Codec<TxBodyOf<M>>;
  readonly signedCodec: Codec<SignedTxOf<M>>;
  /** The exact bytes a sender signs: a domain prefix, then the canonical body. */
  signBytes(body: TxBodyOf<M>): Uint8Array;
  encode(tx: SignedTxOf<M>): Uint8Array;
  /** Decodes a signed transaction, rejecting oversize input and malformed bytes with typed errors. */
  decode(data: Uint8Array): SignedTxOf<M>;
}

/** The domain every transaction signature starts with. */
export const txSignDomain = utf8('polity/tx/v1\u0000');

/** The transaction format over `messageCodec`. */
export function createTxFormat<M>(messageCodec: Codec<M>): TxFormat<M> {
  const bodyCodec: Codec<TxBodyOf<M>> = struct({
    chainId: text(chainIdBytesMax),
    sender: addressCodec,
    nonce: uint,
    fee: u64,
    gasLimit: uint,
    messages: vec(messageCodec, messagesPerTxMax),
    memo: text(memoBytesMax),
  });
  const signedCodec: Codec<SignedTxOf<M>> = struct({
    body: bodyCodec,
    signer: publicKeyCodec,
    signature: signatureCodec,
  });
  return {
    bodyCodec,
    signedCodec,
    signBytes: (body) => concatBytes(txSignDomain, encode(bodyCodec, body)),
    encode: (tx) => encode(signedCodec, tx, 512),
    decode(data) {
      if (data.length > txBytesMax)
        throw executionErrors.tx_too_large({ max: txBytesMax, size: data.length });
      return decode(signedCodec, data);
    },
  };
}

/**
 * The sign bytes of a decoded transaction, taken from its canonical encoding instead of encoding
 * the body again: the body is the encoding's prefix, followed by the signer key and the signature
 * (each a tag, a u32 length and the bytes). Admission does this for every transaction.
 */
export function txSignBytesFromRaw(
  raw: Uint8Array,
  tx: { readonly signer: PublicKey; readonly signature: Signature },
): Uint8Array {
  const bodyBytes = raw.length - (5 + tx.signer.bytes.length) - (5 + tx.signature.bytes.length);
  return concatBytes(txSignDomain, raw.subarray(0, bodyBytes));
}

// Transactions: what a user signs. The signature covers the chain id (no replay across chains) and
// the sender's nonce (no replay within one); the sender is an address so keys can rotate later.
import {
  bytes,
  decode,
  encode,
  enumOf,
  option,
  fixedBytes,
  text,
  struct,
  u64,
  uint,
  union,
  vec,
  type Infer,
} from '../codec/index.ts';
import {
  addressSizeBytes,
  publicKeyCodec,
  signatureCodec,
  taggedHash,
  type Signer,
} from '../crypto/index.ts';
import { concatBytes, polityError, utf8 } from '../lib/index.ts';
import {
  chainIdBytesMax,
  memoBytesMax,
  messagesPerTxMax,
  txBytesMax,
  validatorsMax,
} from './limits.ts';
import { chamberCodec, choices, governanceLimits, proposalActionCodec } from './governance.ts';
import { stakeMessageCodecs } from './staking.ts';
import { validatorUpdateCodec } from './validator.ts';

const address = fixedBytes(addressSizeBytes);

// Record fields decode up to the transaction bound; their tighter limits are checked by
// validateTxStateless so that an oversize record gets its own error code, not "malformed".
/** The messages of this version; byte tags are part of the spec (docs/spec/encoding.md). */
export const messageCodec = union(
  'type',
  {
    transfer: [1, struct({ to: address, amount: u64 })],
    'record.put': [
      2,
      struct({ key: text(txBytesMax), value: bytes(txBytesMax), contentType: text(txBytesMax) }),
    ],
    'record.delete': [3, struct({ key: text(txBytesMax) })],
    'validators.update': [4, struct({ updates: vec(validatorUpdateCodec, validatorsMax) })],
    'gov.propose': [
      5,
      struct({
        title: text(txBytesMax),
        text: text(txBytesMax),
        deposit: u64,
        action: proposalActionCodec,
      }),
    ],
    'gov.deposit': [6, struct({ proposal: uint, amount: u64 })],
    'gov.vote': [
      7,
      struct({
        proposal: uint,
        chamber: chamberCodec,
        choice: enumOf(choices),
        candidates: vec(address, governanceLimits.candidatesMax),
      }),
    ],
    'gov.delegate': [8, struct({ chamber: chamberCodec, to: option(address) })],
    'stake.create-validator': [9, stakeMessageCodecs.createValidator],
    'stake.delegate': [10, stakeMessageCodecs.delegate],
    'stake.undelegate': [11, stakeMessageCodecs.undelegate],
    'stake.withdraw': [12, stakeMessageCodecs.withdraw],
    'stake.unjail': [13, stakeMessageCodecs.unjail],
  },
  (tag) =>
    polityError(
      'unknown_message_type',
      'invalid',
      `Unknown message type tag ${tag}; this node knows transfer (1), record.put (2), record.delete (3), validators.update (4), gov.propose (5), gov.deposit (6), gov.vote (7), gov.delegate (8) and stake.create-validator … stake.unjail (9–13). Upgrade the client or the node.`,
    ),
);

/** One action inside a transaction. */
export type Message = Infer<typeof messageCodec>;
/** The name of a message type. */
export type MessageType = Message['type'];

/** The signed part of a transaction. */
export const txBodyCodec = struct({
  chainId: text(chainIdBytesMax),
  sender: address,
  nonce: uint,
  fee: u64,
  gasLimit: uint,
  messages: vec(messageCodec, messagesPerTxMax),
  memo: text(memoBytesMax),
});

/** The signed part of a transaction. */
export type TxBody = Infer<typeof txBodyCodec>;

/** A transaction with the signer's public key and signature. */
export const signedTxCodec = struct({
  body: txBodyCodec,
  signer: publicKeyCodec,
  signature: signatureCodec,
});

/** A transaction with the signer's public key and signature. */
export type SignedTx = Infer<typeof signedTxCodec>;

const txSignDomain = utf8('polity/tx/v1\u0000');

/** The exact bytes a sender signs: a domain prefix, then the canonical body. */
export function txSignBytes(body: TxBody): Uint8Array {
  return concatBytes(txSignDomain, encode(txBodyCodec, body));
}

/**
 * The sign bytes of a decoded transaction, taken from its canonical encoding instead of encoding
 * the body again: the body is the encoding's prefix, followed by the signer key and the signature
 * (each a tag, a u32 length and the bytes). Admission does this for every transaction.
 */
export function txSignBytesFromRaw(raw: Uint8Array, tx: SignedTx): Uint8Array {
  const bodyBytes = raw.length - (5 + tx.signer.bytes.length) - (5 + tx.signature.bytes.length);
  return concatBytes(txSignDomain, raw.subarray(0, bodyBytes));
}

/** Signs a body with `signer`. */
export function signTx(body: TxBody, signer: Signer): SignedTx {
  return { body, signer: signer.publicKey, signature: signer.sign(txSignBytes(body)) };
}

/** Canonical bytes of a signed transaction. */
export function encodeTx(tx: SignedTx): Uint8Array {
  return encode(signedTxCodec, tx, 512);
}

/** Decodes a signed transaction, rejecting oversize input and malformed bytes with typed errors. */
export function decodeTx(data: Uint8Array): SignedTx {
  if (data.length > txBytesMax) {
    throw polityError(
      'tx_too_large',
      'too_large',
      `A transaction is at most ${txBytesMax} bytes; this one is ${data.length}. Split it into several transactions.`,
    );
  }
  return decode(signedTxCodec, data);
}

/** The transaction hash: a tagged hash of its canonical bytes (signature included). */
export function txHash(encoded: Uint8Array): Uint8Array {
  return taggedHash('polity/tx', encoded);
}

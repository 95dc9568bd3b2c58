// Shapes shared by several routes: the error body, keys and validators, headers and commits, the
// proofs that tie an answer to a committed header, receipts, and transactions with their messages.
// Conventions: hashes and keys lower-case hex, addresses bech32m `pol1…`, amounts (u64) decimal
// strings, raw bytes base64, heights, nonces, gas and times (`…Ms`) JSON numbers.
import { Type } from 'typebox';
import { type Json, type JsonObject } from '../../codec/index.ts';
import { publicKeyCodec, type PublicKeyJson } from '../../crypto/index.ts';
import { moduleTable } from '../../execution/index.ts';
import {
  address,
  amount,
  codecComponent,
  component,
  count,
  erasedCodecComponent,
  hex,
  nullable,
  object,
  type JsonOfComponent,
} from './shape.ts';

/** Every error body. */
export const errorShape = component(
  'Error',
  object({
    code: Type.String({ description: 'a declared code (docs/spec/errors.md)' }),
    message: Type.String({ description: 'what happened and what to do' }),
  }),
  'Every failure: a stable code and a message for people.',
);
/** Every error body. */
export type ErrorJson = JsonOfComponent<typeof errorShape>;

/** A scheme-tagged public key. */
export const publicKeyShape = codecComponent<PublicKeyJson>(
  'PublicKey',
  publicKeyCodec,
  'A public key: its signature scheme and its bytes in hex.',
);
/** A scheme-tagged public key. */
export type KeyJson = PublicKeyJson;

/** One validator. */
export const validatorShape = component(
  'Validator',
  object({ address, scheme: Type.String(), publicKey: hex, power: count }),
  'A validator: its address, consensus key and voting power.',
);
/** One validator. */
export type ValidatorJson = JsonOfComponent<typeof validatorShape>;

/** A validator set and its hash. */
export const validatorSetShape = component(
  'ValidatorSet',
  object({ validators: Type.Array(validatorShape.ref), validatorsHash: hex }),
  "A validator set and its hash, as committed in headers' validatorsHash.",
);
/** A validator set and its hash. */
export type ValidatorsJson = JsonOfComponent<typeof validatorSetShape>;

/** A block header. */
export const headerShape = component(
  'Header',
  object({
    version: count,
    chainId: Type.String(),
    height: count,
    timeMs: count,
    prevHash: hex,
    lastCommitHash: hex,
    txRoot: hex,
    receiptsRoot: hex,
    evidenceRoot: hex,
    stateRoot: hex,
    validatorsHash: hex,
    nextValidatorsHash: hex,
    proposer: address,
  }),
  'A block header; every hash hex, the proposer bech32m.',
);
/** A block header. */
export type HeaderJson = JsonOfComponent<typeof headerShape>;

/** The precommits that finalised a block. */
export const commitShape = component(
  'Commit',
  object({
    height: count,
    round: count,
    blockHash: hex,
    signatures: Type.Array(
      object({ validator: address, timeMs: count, scheme: Type.String(), signature: hex }),
    ),
  }),
  'The precommit signatures of +2/3 of the voting power that finalised a block.',
);
/** The precommits that finalised a block. */
export type CommitJson = JsonOfComponent<typeof commitShape>;
/** One precommit signature. */
export type CommitSigJson = CommitJson['signatures'][number];

/** A Merkle inclusion proof in a list (txRoot, receiptsRoot). */
export const listProofShape = component(
  'ListProof',
  object({ index: count, total: count, siblings: Type.Array(hex) }),
  'Inclusion of one item in a list Merkle root.',
);
/** A Merkle inclusion proof in a list. */
export type ListProofJson = JsonOfComponent<typeof listProofShape>;

/** A state proof, with the header holding its root and the commit finalising that header. */
export const proofShape = component(
  'Proof',
  object({
    state: object({
      key: hex,
      leaf: nullable(object({ keyHash: hex, valueHash: hex })),
      siblings: Type.Array(hex),
    }),
    header: headerShape.ref,
    commit: nullable(commitShape.ref),
  }),
  'A state proof (inclusion or absence) against header.stateRoot, and the commit finalising the header.',
);
/** A state proof with its header and commit. */
export type ProofJson = JsonOfComponent<typeof proofShape>;
/** The state part of a proof. */
export type StateProofJson = ProofJson['state'];

/** The outcome of a committed transaction. */
export const receiptShape = component(
  'Receipt',
  object({
    txHash: hex,
    status: Type.Integer({ minimum: 0, maximum: 1, description: '0 success, 1 failure' }),
    code: Type.String({ description: 'empty on success, else the failure code' }),
    message: Type.String(),
    gasUsed: count,
    fee: amount,
  }),
  "A committed transaction's outcome: status 0 success, 1 failure (with its code).",
);
/** The outcome of a committed transaction. */
export type ReceiptJson = JsonOfComponent<typeof receiptShape>;

/** A message of a transaction, in the JSON form its codec gives it. */
export type MessageJson = { readonly type: string } & JsonObject;

/** Whether a JSON value has a message's form (an object naming its type). */
export function isMessageJson(json: Json): json is MessageJson {
  return (
    typeof json === 'object' &&
    json !== null &&
    !Array.isArray(json) &&
    typeof (json as JsonObject)['type'] === 'string'
  );
}

/** One message of a transaction: a `oneOf` over every message type of the module table. */
export const messageShape = erasedCodecComponent<MessageJson>(
  'Message',
  moduleTable.messageCodec,
  'One message of a transaction; `type` names it and the other fields are its own (docs/spec/encoding.md).',
  [publicKeyShape],
);

/** A decoded signed transaction. */
export const signedTxShape = component(
  'SignedTx',
  object({
    body: object({
      chainId: Type.String(),
      sender: address,
      nonce: count,
      fee: amount,
      gasLimit: count,
      messages: Type.Array(messageShape.ref),
      memo: Type.String(),
    }),
    signer: publicKeyShape.ref,
    signature: hex,
  }),
  'A decoded signed transaction: the body the sender signed, its key and signature.',
);
/** A decoded signed transaction. */
export type SignedTxJson = JsonOfComponent<typeof signedTxShape>;

/** The components of this file, registered by the server. */
export const commonComponents = [
  errorShape,
  publicKeyShape,
  validatorShape,
  validatorSetShape,
  headerShape,
  commitShape,
  listProofShape,
  proofShape,
  receiptShape,
  messageShape,
  signedTxShape,
] as const;

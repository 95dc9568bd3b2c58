// Chain values to their API shapes (shapes/common.ts): keys, validators, headers, commits,
// receipts, proofs and transactions. Pure functions, used by the server and by the client when it
// rebuilds an answer from verified bytes. Messages and transactions take their JSON from the codecs.
import { formatAddress, publicKeyCodec, type ListProof } from '../../crypto/index.ts';
import { assert, toHex } from '../../lib/index.ts';
import {
  validatorSetHash,
  type Commit,
  type Header,
  type Receipt,
  type Validator,
} from '../../types/index.ts';
import { moduleTable, type Message, type SignedTx } from '../../execution/index.ts';
import { Value } from 'typebox/value';
import {
  commonComponents,
  isMessageJson,
  signedTxShape,
  type CommitJson,
  type HeaderJson,
  type KeyJson,
  type ListProofJson,
  type MessageJson,
  type ProofJson,
  type ReceiptJson,
  type SignedTxJson,
  type StateProofJson,
  type ValidatorJson,
  type ValidatorsJson,
} from './common.ts';
import type { PublicKey } from '../../crypto/index.ts';
import type { ProvenValue } from '../service.ts';

/** A public key. */
export function keyToJson(key: PublicKey): KeyJson {
  return publicKeyCodec.toJson(key);
}

/** A validator. */
export function validatorToJson(v: Validator): ValidatorJson {
  return {
    address: formatAddress(v.address),
    scheme: v.publicKey.scheme,
    publicKey: toHex(v.publicKey.bytes),
    power: v.power,
  };
}

/** A validator set with its hash. */
export function validatorsToJson(validators: readonly Validator[]): ValidatorsJson {
  return {
    validators: validators.map(validatorToJson),
    validatorsHash: toHex(validatorSetHash(validators)),
  };
}

/** A header. */
export function headerToJson(h: Header): HeaderJson {
  return {
    version: h.version,
    chainId: h.chainId,
    height: h.height,
    timeMs: h.timeMs,
    prevHash: toHex(h.prevHash),
    lastCommitHash: toHex(h.lastCommitHash),
    txRoot: toHex(h.txRoot),
    receiptsRoot: toHex(h.receiptsRoot),
    evidenceRoot: toHex(h.evidenceRoot),
    stateRoot: toHex(h.stateRoot),
    validatorsHash: toHex(h.validatorsHash),
    nextValidatorsHash: toHex(h.nextValidatorsHash),
    proposer: formatAddress(h.proposer),
  };
}

/** A commit. */
export function commitToJson(c: Commit): CommitJson {
  return {
    height: c.height,
    round: c.round,
    blockHash: toHex(c.blockHash),
    signatures: c.signatures.map((s) => ({
      validator: formatAddress(s.validator),
      timeMs: s.timeMs,
      scheme: s.signature.scheme,
      signature: toHex(s.signature.bytes),
    })),
  };
}

/** A commit or null. */
export function optionalCommitToJson(c: Commit | undefined): CommitJson | null {
  return c === undefined ? null : commitToJson(c);
}

/** A receipt. */
export function receiptToJson(r: Receipt): ReceiptJson {
  return {
    txHash: toHex(r.txHash),
    status: r.status,
    code: r.code,
    message: r.message,
    gasUsed: r.gasUsed,
    fee: r.fee.toString(),
  };
}

/** A list inclusion proof. */
export function listProofToJson(p: ListProof): ListProofJson {
  return { index: p.index, total: p.total, siblings: p.siblings.map(toHex) };
}

/** The proof part of a proven read, if any. */
export function proofToJson<T>(proven: ProvenValue<T>): ProofJson | undefined {
  const p = proven.proof;
  if (p === undefined) return undefined;
  return {
    // The state module's own JSON form of its proofs (stateProofToJson), of this shape.
    state: p.json as StateProofJson,
    header: headerToJson(p.header),
    commit: optionalCommitToJson(p.commit),
  };
}

/** A message, in the JSON form its module's codec gives it. */
export function messageToJson(m: Message): MessageJson {
  const json = moduleTable.messageCodec.toJson(m);
  assert(isMessageJson(json), `the JSON of a ${m.type} message is an object naming its type`);
  return json;
}

const components = Object.fromEntries(commonComponents.map((c) => [c.name, c.schema]));

/** A decoded signed transaction, in the JSON form the transaction codec gives it. */
export function signedTxToJson(tx: SignedTx): SignedTxJson {
  const json: unknown = moduleTable.tx.signedCodec.toJson(tx);
  // The codec's JSON is the shape's by construction; checked, so a drift fails loudly in tests.
  assert(Value.Check(components, signedTxShape.ref, json), 'a transaction has the SignedTx shape');
  return json;
}

// API JSON back to domain values, for the client's proof checks: it must rebuild the exact bytes
// that were hashed (header, receipt, account, record) from what the node sent. Anything malformed
// throws `proof_invalid`, because a proof that cannot be parsed proves nothing.
import {
  parseAddress,
  type ListProof,
  type PublicKey,
  type SchemeName,
  type Signature,
} from '../crypto/index.ts';
import { fromBase64, fromHex, type PolityError } from '../lib/index.ts';
import { apiErrors } from './errors.ts';
import type { Commit, Header, Receipt, Validator } from '../types/index.ts';
import type { Account, RecordEntry } from '../execution/index.ts';
import type {
  AccountJson,
  CommitJson,
  HeaderJson,
  ListProofJson,
  ReceiptJson,
  RecordEntryJson,
  ValidatorJson,
} from './json.ts';

/** The error every failed verification throws. */
export function proofInvalid(reason: string): PolityError {
  return apiErrors.proof_invalid({ reason });
}

/** Hex of exactly `sizeBytes` bytes (any size when undefined). */
export function hexBytes(text: string, what: string, sizeBytes?: number): Uint8Array {
  const bytes = fromHex(text);
  if (bytes === undefined || (sizeBytes !== undefined && bytes.length !== sizeBytes)) {
    throw proofInvalid(`${what} is not ${sizeBytes === undefined ? '' : `${sizeBytes}-byte `}hex`);
  }
  return bytes;
}

function address(text: string, what: string): Uint8Array {
  try {
    return parseAddress(text);
  } catch {
    throw proofInvalid(`${what} is not an address`);
  }
}

function scheme(text: string): SchemeName {
  if (text !== 'ed25519') throw proofInvalid(`unknown signature scheme "${text.slice(0, 32)}"`);
  return text;
}

function amount(text: string, what: string): bigint {
  if (!/^(0|[1-9][0-9]{0,19})$/.test(text)) throw proofInvalid(`${what} is not a decimal amount`);
  return BigInt(text);
}

/** A header. */
export function headerFromJson(j: HeaderJson): Header {
  return {
    version: j.version,
    chainId: j.chainId,
    height: j.height,
    timeMs: j.timeMs,
    prevHash: hexBytes(j.prevHash, 'prevHash', 32),
    lastCommitHash: hexBytes(j.lastCommitHash, 'lastCommitHash', 32),
    txRoot: hexBytes(j.txRoot, 'txRoot', 32),
    receiptsRoot: hexBytes(j.receiptsRoot, 'receiptsRoot', 32),
    evidenceRoot: hexBytes(j.evidenceRoot, 'evidenceRoot', 32),
    stateRoot: hexBytes(j.stateRoot, 'stateRoot', 32),
    validatorsHash: hexBytes(j.validatorsHash, 'validatorsHash', 32),
    nextValidatorsHash: hexBytes(j.nextValidatorsHash, 'nextValidatorsHash', 32),
    proposer: address(j.proposer, 'proposer'),
  };
}

/** A commit. */
export function commitFromJson(j: CommitJson): Commit {
  return {
    height: j.height,
    round: j.round,
    blockHash: hexBytes(j.blockHash, 'commit blockHash', 32),
    signatures: j.signatures.map((s) => {
      const signature: Signature = {
        scheme: scheme(s.scheme),
        bytes: hexBytes(s.signature, 'commit signature'),
      };
      return { validator: address(s.validator, 'commit validator'), timeMs: s.timeMs, signature };
    }),
  };
}

/** A validator. */
export function validatorFromJson(j: ValidatorJson): Validator {
  const publicKey: PublicKey = {
    scheme: scheme(j.scheme),
    bytes: hexBytes(j.publicKey, 'validator key'),
  };
  return { address: address(j.address, 'validator address'), publicKey, power: j.power };
}

/** A list proof. */
export function listProofFromJson(j: ListProofJson): ListProof {
  return {
    index: j.index,
    total: j.total,
    siblings: j.siblings.map((s) => hexBytes(s, 'list proof sibling', 32)),
  };
}

/** A receipt. */
export function receiptFromJson(j: ReceiptJson): Receipt {
  return {
    txHash: hexBytes(j.txHash, 'receipt txHash', 32),
    status: j.status,
    code: j.code,
    message: j.message,
    gasUsed: j.gasUsed,
    fee: amount(j.fee, 'receipt fee'),
  };
}

/** The account state value the JSON claims, or undefined when it claims absence. */
export function accountFromJson(j: AccountJson): Account | undefined {
  if (!j.exists) return undefined;
  return {
    balance: amount(j.balance, 'balance'),
    nonce: j.nonce,
    publicKey:
      j.publicKey === null
        ? undefined
        : {
            scheme: scheme(j.publicKey.scheme),
            bytes: hexBytes(j.publicKey.publicKey, 'account key'),
          },
  };
}

/** A record entry. */
export function recordEntryFromJson(j: RecordEntryJson): RecordEntry {
  const value = fromBase64(j.value);
  if (value === undefined) throw proofInvalid('record value is not base64');
  return {
    value,
    contentType: j.contentType,
    createdHeight: j.createdHeight,
    updatedHeight: j.updatedHeight,
    version: j.version,
    lastTxHash: hexBytes(j.lastTxHash, 'record lastTxHash', 32),
  };
}

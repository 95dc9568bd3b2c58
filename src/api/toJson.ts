// Domain values to their API JSON shapes (json.ts). Pure functions, used by the server.
import { formatAddress, type ListProof, type PublicKey } from '../crypto/index.ts';
import { toBase64, toHex } from '../lib/index.ts';
import {
  decodeEvidence,
  validatorSetHash,
  voteTypes,
  type Commit,
  type Header,
  type Receipt,
  type Validator,
} from '../types/index.ts';
import { type Account, type Message, type RecordEntry, type SignedTx } from '../execution/index.ts';
import type {
  EvidenceJson,
  AccountJson,
  BlockJson,
  CommitJson,
  CommittedTxJson,
  HeaderJson,
  KeyJson,
  ListProofJson,
  MessageJson,
  ProofJson,
  ReceiptJson,
  RecordChangeJson,
  RecordEntryJson,
  SignedTxJson,
  StateProofJson,
  StatusJson,
  ValidatorJson,
  ValidatorsJson,
} from './json.ts';
import { actionToJson } from './govJson.ts';
import type { CommittedTx, NodeStatus, ProvenValue, RecordChange, StoredBlock } from './service.ts';

/** A public key. */
export function keyToJson(key: PublicKey): KeyJson {
  return { scheme: key.scheme, publicKey: toHex(key.bytes) };
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

/** A stored block; `txHashes` are the hashes of its transactions in order. */
export function blockToJson(stored: StoredBlock, txHashes: readonly Uint8Array[]): BlockJson {
  return {
    hash: toHex(stored.hash),
    header: headerToJson(stored.block.header),
    txs: txHashes.map(toHex),
    lastCommit: optionalCommitToJson(stored.block.lastCommit),
    commit: optionalCommitToJson(stored.commit),
    evidenceCount: stored.block.evidence.length,
    evidence: stored.block.evidence.map(evidenceToJson),
  };
}

/** One piece of evidence as carried in a block. */
export function evidenceToJson(encoded: Uint8Array): EvidenceJson {
  const e = decodeEvidence(encoded);
  const a = e.voteA.vote;
  const b = e.voteB.vote;
  return {
    type: 'duplicateVote',
    validator: formatAddress(a.validator),
    height: a.height,
    round: a.round,
    voteType: a.type === voteTypes.prevote ? 'prevote' : 'precommit',
    blockHashA: a.blockHash === undefined ? null : toHex(a.blockHash),
    blockHashB: b.blockHash === undefined ? null : toHex(b.blockHash),
  };
}

function messageToJson(m: Message): MessageJson {
  switch (m.type) {
    case 'transfer':
      return { type: 'transfer', to: formatAddress(m.to), amount: m.amount.toString() };
    case 'record.put':
      return {
        type: 'record.put',
        key: m.key,
        value: toBase64(m.value),
        contentType: m.contentType,
      };
    case 'record.delete':
      return { type: 'record.delete', key: m.key };
    case 'validators.update':
      return {
        type: 'validators.update',
        updates: m.updates.map((u) => ({
          scheme: u.publicKey.scheme,
          publicKey: toHex(u.publicKey.bytes),
          power: u.power,
        })),
      };
    case 'gov.propose':
      return {
        type: m.type,
        title: m.title,
        text: m.text,
        deposit: m.deposit.toString(),
        action: actionToJson(m.action),
      };
    case 'gov.deposit':
      return { type: m.type, proposal: m.proposal, amount: m.amount.toString() };
    case 'gov.vote':
      return {
        type: m.type,
        proposal: m.proposal,
        chamber: m.chamber,
        choice: m.choice,
        candidates: m.candidates.map((c) => formatAddress(c)),
      };
    case 'gov.delegate':
      return {
        type: m.type,
        chamber: m.chamber,
        to: m.to === undefined ? null : formatAddress(m.to),
      };
    case 'stake.create-validator':
      return {
        type: m.type,
        publicKey: keyToJson(m.publicKey),
        moniker: m.moniker,
        commissionBps: m.commissionBps,
        amount: m.amount.toString(),
      };
    case 'stake.delegate':
    case 'stake.undelegate':
      return { type: m.type, validator: formatAddress(m.validator), amount: m.amount.toString() };
    case 'stake.withdraw':
      return { type: m.type };
    case 'stake.unjail':
      return { type: m.type, validator: formatAddress(m.validator) };
  }
}

/** A decoded signed transaction. */
export function signedTxToJson(tx: SignedTx): SignedTxJson {
  const b = tx.body;
  return {
    body: {
      chainId: b.chainId,
      sender: formatAddress(b.sender),
      nonce: b.nonce,
      fee: b.fee.toString(),
      gasLimit: b.gasLimit,
      messages: b.messages.map(messageToJson),
      memo: b.memo,
    },
    signer: keyToJson(tx.signer),
    signature: toHex(tx.signature.bytes),
  };
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

/** A committed transaction with its proofs; `commit` finalises `tx.header`. */
export function committedTxToJson(tx: CommittedTx, commit: Commit | undefined): CommittedTxJson {
  return {
    status: 'committed',
    hash: toHex(tx.hash),
    tx: signedTxToJson(tx.tx),
    raw: toBase64(tx.raw),
    height: tx.height,
    index: tx.index,
    receipt: receiptToJson(tx.receipt),
    txProof: listProofToJson(tx.txProof),
    receiptProof: listProofToJson(tx.receiptProof),
    header: headerToJson(tx.header),
    commit: optionalCommitToJson(commit),
  };
}

/** The proof part of a proven read, if any. */
export function proofToJson<T>(proven: ProvenValue<T>): ProofJson | undefined {
  const p = proven.proof;
  if (p === undefined) return undefined;
  return {
    state: p.json as StateProofJson,
    header: headerToJson(p.header),
    commit: optionalCommitToJson(p.commit),
  };
}

/** An account read; absent accounts read as empty. */
export function accountToJson(
  address: Uint8Array,
  proven: ProvenValue<Account>,
  pendingNonce: number,
): AccountJson {
  const a = proven.value;
  const proof = proofToJson(proven);
  return {
    address: formatAddress(address),
    exists: a !== undefined,
    balance: (a?.balance ?? 0n).toString(),
    nonce: a?.nonce ?? 0,
    pendingNonce,
    publicKey: a?.publicKey === undefined ? null : keyToJson(a.publicKey),
    height: proven.height,
    ...(proof === undefined ? {} : { proof }),
  };
}

/** A record entry. */
export function recordEntryToJson(r: RecordEntry): RecordEntryJson {
  return {
    value: toBase64(r.value),
    contentType: r.contentType,
    createdHeight: r.createdHeight,
    updatedHeight: r.updatedHeight,
    version: r.version,
    lastTxHash: toHex(r.lastTxHash),
  };
}

/** A record change from the history index. */
export function recordChangeToJson(c: RecordChange): RecordChangeJson {
  return {
    height: c.height,
    txHash: toHex(c.txHash),
    op: c.op,
    value: c.value === undefined ? null : toBase64(c.value),
    contentType: c.contentType ?? null,
  };
}

/** Node status. */
export function statusToJson(s: NodeStatus): StatusJson {
  return {
    chainId: s.chainId,
    nodeVersion: s.nodeVersion,
    mode: s.mode,
    latestHeight: s.latestHeight,
    latestBlockHash: s.latestBlockHash === undefined ? null : toHex(s.latestBlockHash),
    latestBlockTimeMs: s.latestBlockTimeMs ?? null,
    stateRoot: toHex(s.stateRoot),
    mempoolTxs: s.mempoolTxs,
    mempoolBytes: s.mempoolBytes,
    validators: s.validators.map(validatorToJson),
    minGasPrice: s.minGasPrice.toString(),
  };
}

// Transactions of this build: the envelope (txFormat.ts) around the module table's messages,
// signing, hashing and gas estimation. Clients, the CLI and the chain use these; a chain built on
// another table uses that table's `tx` format.
import { taggedHash, type Signer } from '../crypto/index.ts';
import { intrinsicGas, messageGas } from './gas.ts';
import { moduleTable, type Message } from './modules.ts';
import type { SignedTxOf, TxBodyOf } from './txFormat.ts';

/** The signed part of a transaction. */
export type TxBody = TxBodyOf<Message>;
/** A transaction with the signer's public key and signature. */
export type SignedTx = SignedTxOf<Message>;

/** The signed part of a transaction. */
export const txBodyCodec = moduleTable.tx.bodyCodec;
/** A transaction with the signer's public key and signature. */
export const signedTxCodec = moduleTable.tx.signedCodec;

/** The exact bytes a sender signs: a domain prefix, then the canonical body. */
export function txSignBytes(body: TxBody): Uint8Array {
  return moduleTable.tx.signBytes(body);
}

/** Signs a body with `signer`. */
export function signTx(body: TxBody, signer: Signer): SignedTx {
  return { body, signer: signer.publicKey, signature: signer.sign(txSignBytes(body)) };
}

/** Canonical bytes of a signed transaction. */
export function encodeTx(tx: SignedTx): Uint8Array {
  return moduleTable.tx.encode(tx);
}

/** Decodes a signed transaction, rejecting oversize input and malformed bytes with typed errors. */
export function decodeTx(data: Uint8Array): SignedTx {
  return moduleTable.tx.decode(data);
}

/** The transaction hash: a tagged hash of its canonical bytes (signature included). */
export function txHash(encoded: Uint8Array): Uint8Array {
  return taggedHash('polity/tx', encoded);
}

/** The gas a transaction will use if every message succeeds. */
export function estimateGas(messages: readonly Message[], encodedTxBytes: number): number {
  let gas = intrinsicGas(encodedTxBytes);
  for (const m of messages) gas += messageGas(moduleTable, m);
  return gas;
}

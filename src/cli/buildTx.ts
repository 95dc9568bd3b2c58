// Turns what a user asked for into a signed transaction. Pure: the chain id, nonce and minimum gas
// price are fetched by the caller, so this is testable without a node.
import type { Signer } from '../crypto/index.ts';
import { addressOf } from '../crypto/index.ts';
import { toHex } from '../lib/index.ts';
import { cliErrors } from './errors.ts';
import {
  encodeTx,
  estimateGas,
  signTx,
  txHash,
  type Message,
  type SignedTx,
  type TxBody,
} from '../execution/index.ts';

/** Extra gas on top of the estimate, in percent: the estimate is exact for today's schedule, the
 * margin absorbs a node whose schedule charges slightly more (no refund, so keep it small). */
export const gasMarginPercent = 10;

/** What the caller knows or chose. */
export interface TxRequest {
  readonly chainId: string;
  readonly nonce: number;
  readonly minGasPrice: bigint;
  readonly messages: readonly Message[];
  readonly memo: string;
  readonly gasLimit?: number | undefined;
  readonly fee?: bigint | undefined;
}

/** A signed transaction ready to submit. */
export interface BuiltTx {
  readonly tx: SignedTx;
  readonly encoded: Uint8Array;
  readonly hash: string;
}

// Placeholders as large as any real value, so the trial encoding is never shorter than the final one.
const gasLimitProbe = Number.MAX_SAFE_INTEGER;
const feeProbe = 2n ** 64n - 1n;

/** Estimates the gas limit (with margin), derives the fee, and signs. */
export function buildTx(request: TxRequest, signer: Signer): BuiltTx {
  const base: Omit<TxBody, 'gasLimit' | 'fee'> = {
    chainId: request.chainId,
    sender: addressOf(signer.publicKey),
    nonce: request.nonce,
    messages: [...request.messages],
    memo: request.memo,
  };
  let gasLimit = request.gasLimit;
  if (gasLimit === undefined) {
    const probe = encodeTx(signTx({ ...base, gasLimit: gasLimitProbe, fee: feeProbe }, signer));
    const estimate = estimateGas(request.messages, probe.length);
    gasLimit = Math.ceil((estimate * (100 + gasMarginPercent)) / 100);
  }
  const fee = request.fee ?? BigInt(gasLimit) * request.minGasPrice;
  if (fee > feeProbe) throw cliErrors.fee_too_large();
  const tx = signTx({ ...base, gasLimit, fee }, signer);
  const encoded = encodeTx(tx);
  return { tx, encoded, hash: toHex(txHash(encoded)) };
}

/**
 * Parses an amount of upol (u64) of at least `min`. Amounts the chain refuses when zero (transfers,
 * spends, deposits, stake) keep the default of 1, so zero is refused here with the flag's name
 * rather than by the node as `zero_amount`; a fee or a proposal's deposit may be 0.
 */
export function parseAmount(text: string, flag: string, min: 0n | 1n = 1n): bigint {
  if (!/^[0-9]{1,20}$/.test(text) || BigInt(text) > feeProbe || BigInt(text) < min) {
    throw cliErrors.invalid_amount({ flag, min, text: text.slice(0, 40) });
  }
  return BigInt(text);
}

/** The help text of an amount flag whose smallest value is 1. */
export const amountHelp = 'amount in upol, a whole number from 1 to 2^64-1';

/** Parses a non-negative safe integer flag (gas limit, nonce). */
export function parseCount(text: string, flag: string): number {
  const n = Number(text);
  if (!/^[0-9]{1,16}$/.test(text) || !Number.isSafeInteger(n)) {
    throw cliErrors.invalid_number({ flag, text: text.slice(0, 40) });
  }
  return n;
}

// Stateless transaction checks: everything that can be decided from the transaction alone (chain
// id, bounds, each message's own checks, gas limit, fee), so admission and block validation reject
// it before touching state. Signatures are checked separately (in batches, off the event loop).
import { addressOf, schemesMatch } from '../crypto/index.ts';
import { equalBytes, type PolityError } from '../lib/index.ts';
import { executionErrors } from './errors.ts';
import { intrinsicGas } from './gas.ts';
import { moduleTable } from './modules.ts';
import type { AnyMessage, ModuleTable } from './table.ts';
import type { SignedTxOf } from './txFormat.ts';

/** Parameters the stateless checks depend on. */
export interface StatelessParams {
  readonly chainId: string;
  readonly minGasPrice: bigint;
  /** The modules whose messages the chain runs (this build's table by default). */
  readonly modules?: ModuleTable;
}

/**
 * Checks a decoded transaction against everything that needs no state. Returns the first
 * problem, or undefined when the transaction may proceed.
 */
export function validateTxStateless(
  tx: SignedTxOf<AnyMessage>,
  encodedBytes: number,
  params: StatelessParams,
): PolityError | undefined {
  const { body } = tx;
  if (body.chainId !== params.chainId)
    return executionErrors.wrong_chain_id({ got: body.chainId, chainId: params.chainId });
  if (body.messages.length === 0) return executionErrors.empty_tx();
  const table = params.modules ?? moduleTable;
  for (let i = 0; i < body.messages.length; i++) {
    const message = body.messages[i];
    if (message === undefined) continue;
    const problem = table.entry(message.type)?.def.check?.(message, i);
    if (problem !== undefined) return problem;
  }
  const intrinsic = intrinsicGas(encodedBytes);
  if (body.gasLimit < intrinsic)
    return executionErrors.gas_limit_too_low({ gasLimit: body.gasLimit, intrinsic });
  const feeMin = BigInt(body.gasLimit) * params.minGasPrice;
  if (body.fee < feeMin) return executionErrors.fee_too_low({ fee: body.fee, feeMin });
  if (!schemesMatch(tx.signer, tx.signature))
    return executionErrors.bad_signature({
      reason: "its scheme does not match the signer key's",
    });
  return undefined;
}

/** Whether `signer` is the key whose address is `sender` (used for an account's first transaction). */
export function signerMatchesAddress(tx: SignedTxOf<AnyMessage>): boolean {
  return equalBytes(addressOf(tx.signer), tx.body.sender);
}

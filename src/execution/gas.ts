// The gas every transaction pays before its messages run: a base cost plus its encoded size. What
// each message costs is declared by its module (MessageDef.gas). The schedule is protocol: every
// node charges the same, and clients estimate a transaction's gas with it before signing.
import type { PolityError } from '../lib/index.ts';
import { executionErrors } from './errors.ts';
import type { AnyMessage, ModuleTable } from './table.ts';

/** Gas of a transaction's envelope. */
export const txGas = { base: 1_000, perByte: 10 } as const;

/** Gas charged before any message runs: a base cost plus the encoded size. */
export function intrinsicGas(encodedTxBytes: number): number {
  return txGas.base + txGas.perByte * encodedTxBytes;
}

/** Gas a message costs when executed (0 for a type the table does not know: it cannot decode). */
export function messageGas(table: ModuleTable, message: AnyMessage): number {
  return table.entry(message.type)?.def.gas(message) ?? 0;
}

/**
 * `out_of_gas` when the gas limit cannot cover every message: certain to fail (gas does not depend
 * on state), so admission refuses it before it costs a fee.
 */
export function gasShortfall(
  table: ModuleTable,
  tx: { readonly body: { readonly gasLimit: number; readonly messages: readonly AnyMessage[] } },
  encodedTxBytes: number,
): PolityError | undefined {
  let needed = intrinsicGas(encodedTxBytes);
  for (const m of tx.body.messages) needed += messageGas(table, m);
  return needed > tx.body.gasLimit
    ? executionErrors.out_of_gas({ limit: tx.body.gasLimit, needed })
    : undefined;
}

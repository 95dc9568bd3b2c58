// Receipts: the outcome of each transaction in a block. A failed transaction still pays its fee;
// its other state changes are reverted, and the receipt says why with a stable code.
import { encode, fixedBytes, struct, text, u64, u8, uint, type Infer } from '../codec/index.ts';
import { taggedHash } from '../crypto/index.ts';

/** Receipt status: 0 success, 1 failure. */
export const receiptStatus = { ok: 0, failed: 1 } as const;

/** Outcome of one transaction. */
export const receiptCodec = struct({
  txHash: fixedBytes(32),
  status: u8,
  code: text(64),
  message: text(512),
  gasUsed: uint,
  fee: u64,
});

/** Outcome of one transaction. */
export type Receipt = Infer<typeof receiptCodec>;

/** Hash of a receipt, a leaf of the header's receipts root. */
export function receiptHash(receipt: Receipt): Uint8Array {
  return taggedHash('polity/receipt', encode(receiptCodec, receipt));
}

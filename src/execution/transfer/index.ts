// The transfer module: moving tokens between accounts. The accounts themselves (balances, nonces,
// keys) belong to execution, since every transaction pays its fee from one.
import { struct, u64 } from '../../codec/index.ts';
import { addressCodec } from '../../crypto/index.ts';
import { transfer } from '../accounts.ts';
import { executionErrors } from '../errors.ts';
import { defineMessage, type ModuleDef } from '../module.ts';

/** Gas of a transfer. */
export const transferGas = 1_000;

/** `transfer {to, amount}`: moves `amount` from the sender to `to`. */
export const transferMessage = defineMessage({
  type: 'transfer',
  tag: 1,
  codec: struct({ to: addressCodec, amount: u64 }),
  check: (m, index) =>
    m.amount === 0n ? executionErrors.zero_amount({ index, what: 'a transfer' }) : undefined,
  gas: () => transferGas,
  spend: (m) => m.amount,
  admission: 'reserve',
  run(state, ctx, m) {
    transfer(state, ctx.sender, m.to, m.amount);
    return undefined;
  },
});

/** The transfer module. */
export const transferModule = {
  name: 'transfer',
  pausable: true,
  messages: [transferMessage],
} as const satisfies ModuleDef;

// The genesis state: initial balances. Applied once, before height 1.
import { polityError } from '../lib/index.ts';
import { credit } from './accounts.ts';
import { createOverlay, type StateReader } from './overlay.ts';

/** One initial allocation. */
export interface GenesisAllocation {
  readonly address: Uint8Array;
  readonly balance: bigint;
}

/** The state changes of the genesis allocations. */
export function genesisChanges(
  state: StateReader,
  allocations: readonly GenesisAllocation[],
): ReadonlyMap<string, Uint8Array | undefined> {
  const overlay = createOverlay(state);
  for (const a of allocations) {
    if (a.balance < 0n)
      throw polityError('invalid_genesis', 'invalid', 'Genesis balances must not be negative.');
    credit(overlay, a.address, a.balance);
  }
  return overlay.changes();
}

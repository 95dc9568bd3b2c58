// The genesis state: initial balances, then every module's genesis (table order). Applied once,
// before height 1.
import { credit } from './accounts.ts';
import { executionErrors } from './errors.ts';
import type { GenesisInput } from './module.ts';
import { createOverlay, type StateReader } from './overlay.ts';
import type { ModuleTable } from './table.ts';

/** One initial allocation. */
export interface GenesisAllocation {
  readonly address: Uint8Array;
  readonly balance: bigint;
}

/** What the genesis document gives execution: allocations, and what every module reads. */
export interface GenesisState extends GenesisInput {
  readonly allocations: readonly GenesisAllocation[];
}

/** The state changes of the genesis. */
export function genesisChanges(
  state: StateReader,
  modules: ModuleTable,
  genesis: GenesisState,
): ReadonlyMap<string, Uint8Array | undefined> {
  const overlay = createOverlay(state);
  for (const a of genesis.allocations) {
    if (a.balance < 0n)
      throw executionErrors.invalid_genesis({ problem: 'balances must not be negative' });
    credit(overlay, a.address, a.balance);
  }
  for (const m of modules.modules) m.genesis?.(overlay, genesis);
  return overlay.changes();
}

// The first open of a chain's store writes the genesis state; every later open checks that the
// store was made from the same genesis (its hash is pinned), so data never meets another genesis.
import {
  executionErrors,
  genesisChanges,
  governanceSection,
  type ModuleTable,
} from '../execution/index.ts';
import { assert, equalBytes, toHex } from '../lib/index.ts';
import type { KvStore, Logger } from '../ports/index.ts';
import type { MerkleStore } from '../state/index.ts';
import { validatorsMax } from '../types/index.ts';
import { encodeHeight } from './chainStore.ts';
import { chainErrors } from './errors.ts';
import { genesisHash, type Genesis } from './genesis.ts';
import { genesisHashKey, latestHeightKey } from './storageLayout.ts';

// A fork starts from the snapshot's entries as they are; any other chain from its allocations and
// its modules' genesis (sections of genesis.json by name).
function genesisStateChanges(
  state: MerkleStore,
  modules: ModuleTable,
  genesis: Genesis,
): ReadonlyMap<string, Uint8Array | undefined> {
  if (genesis.snapshot !== undefined)
    return new Map(genesis.snapshot.entries.map((e) => [toHex(e.key), e.value]));
  return genesisChanges(state, modules, {
    genesisTimeMs: genesis.genesisTimeMs,
    validators: genesis.validators,
    allocations: genesis.accounts,
    validatorAdmin: genesis.params.validatorAdmin,
    sections: genesis.governance === undefined ? {} : { [governanceSection]: genesis.governance },
  });
}

/** Writes the genesis state into an empty store, or checks the pinned genesis of a used one. */
export async function openGenesisState(
  kv: KvStore,
  state: MerkleStore,
  genesis: Genesis,
  modules: ModuleTable,
  logger: Logger,
): Promise<void> {
  assert(
    genesis.validators.length >= 1 && genesis.validators.length <= validatorsMax,
    'a genesis names 1 to validatorsMax validators',
  );
  const pinned = kv.get(genesisHashKey);
  const expected = genesisHash(genesis);
  if (pinned === undefined) {
    const prepared = state.prepareCommit(genesisStateChanges(state, modules, genesis));
    if (genesis.snapshot !== undefined && !equalBytes(prepared.root, genesis.snapshot.stateRoot)) {
      throw executionErrors.invalid_genesis({
        problem:
          'the snapshot entries do not hash to its stateRoot; the file was altered or truncated. Export the snapshot again.',
      });
    }
    await kv.writeBatch([
      ...prepared.writes,
      { key: genesisHashKey, value: expected },
      { key: latestHeightKey, value: encodeHeight(0) },
    ]);
    state.applied(prepared);
    logger.info(
      { chainId: genesis.chainId, accounts: genesis.accounts.length },
      'genesis state written',
    );
  } else if (!equalBytes(pinned, expected)) {
    throw chainErrors.genesis_mismatch();
  }
}

// Helpers shared by the state tests (a .test.ts file so it never ships; it holds no tests).
import { createMemoryKvStore } from './memoryKvStore.ts';
import { createMerkleStore, type MerkleStore } from './merkleStore.ts';
import type { KvStore } from '../ports/index.ts';

/** Hex of bytes, as prepareCommit's change maps are keyed. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** UTF-8 bytes of a string. */
export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Prepares, writes and applies one commit, as the node does with its block batch. */
export async function commit(
  kv: KvStore,
  store: MerkleStore,
  changes: ReadonlyMap<string, Uint8Array | undefined>,
): Promise<void> {
  const prepared = store.prepareCommit(changes);
  await kv.writeBatch(prepared.writes);
  store.applied(prepared);
}

/** A fresh store holding exactly `entries`, built in one commit. */
export async function storeOf(
  entries: ReadonlyMap<string, Uint8Array>,
): Promise<{ kv: KvStore; store: MerkleStore }> {
  const kv = createMemoryKvStore();
  const store = createMerkleStore({ kv });
  await commit(kv, store, entries);
  return { kv, store };
}

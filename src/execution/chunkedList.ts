// Chunked address lists: a list that only grows, stored as fixed-size chunks under keys the owner
// chooses, so appending writes one chunk instead of the whole list. Staking keeps the delegators
// who redirect their vote in one; governance the stake voters of each proposal.
import { decode, encode, vec } from '../codec/index.ts';
import { addressCodec } from '../crypto/index.ts';
import type { StateOverlay, StateReader } from './overlay.ts';

/** Entries per chunk. */
export const chunkEntries = 256;

const chunkCodec = vec(addressCodec, chunkEntries);

/** Appends `address` to a chunked list whose length is `count`; returns the new length. */
export function appendChunked(
  state: StateOverlay,
  keyOf: (chunk: number) => Uint8Array,
  count: number,
  address: Uint8Array,
): number {
  const chunk = Math.floor(count / chunkEntries);
  const raw = state.get(keyOf(chunk));
  const entries = raw === undefined ? [] : decode(chunkCodec, raw);
  state.set(keyOf(chunk), encode(chunkCodec, [...entries, address]));
  return count + 1;
}

/** Reads a chunked list of `count` addresses. */
export function readChunked(
  state: StateReader,
  keyOf: (chunk: number) => Uint8Array,
  count: number,
): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let chunk = 0; chunk * chunkEntries < count; chunk++) {
    const raw = state.get(keyOf(chunk));
    if (raw !== undefined) out.push(...decode(chunkCodec, raw));
  }
  return out;
}

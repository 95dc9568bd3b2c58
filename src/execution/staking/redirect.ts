// Whom a delegator's stake-chamber vote follows instead of its validators. Governance sets it
// (`gov.delegate` in the stake chamber); it is kept with staking, beside the delegations it
// overrides, with a chunked list of every delegator who ever redirected (for counting).
import { decode } from '../../codec/index.ts';
import { addressCodec } from '../../crypto/index.ts';
import { appendChunked, readChunked } from '../chunkedList.ts';
import type { StateOverlay, StateReader } from '../overlay.ts';
import { readStaking, writeStakingState } from './store.ts';
import { stakingKeys } from './types.ts';

/** Whom `delegator`'s stake-chamber vote follows instead of its validators, if anyone. */
export function readVoteRedirect(
  state: StateReader,
  delegator: Uint8Array,
): Uint8Array | undefined {
  const raw = state.get(stakingKeys.govDelegate(delegator));
  return raw === undefined ? undefined : decode(addressCodec, raw);
}

/** Sets (or clears, with `to` undefined) whom `delegator`'s stake-chamber vote follows. */
export function writeVoteRedirect(
  state: StateOverlay,
  delegator: Uint8Array,
  to: Uint8Array | undefined,
): void {
  const key = stakingKeys.govDelegate(delegator);
  const listed = state.get(key) !== undefined;
  state.set(key, to);
  const staking = readStaking(state);
  if (to === undefined || listed || staking === undefined) return;
  const count = appendChunked(
    state,
    (c) => stakingKeys.redirectChunk(c),
    staking.redirectCount,
    delegator,
  );
  writeStakingState(state, { ...staking, redirectCount: count });
}

/** Every delegator that ever redirected its vote (some may have cleared it since). */
export function redirectingDelegators(state: StateReader): Uint8Array[] {
  const staking = readStaking(state);
  if (staking === undefined) return [];
  return readChunked(state, (c) => stakingKeys.redirectChunk(c), staking.redirectCount);
}

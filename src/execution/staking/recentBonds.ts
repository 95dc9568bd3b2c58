// The bonds and undelegations a validator saw within the evidence age, kept so that a slash proved
// later spares the stake bonded after the infraction and reaches exactly the unbondings that
// started at or after it (docs/adr/0019-slashing-at-the-infraction-and-power-cap.md). Bounded: one
// entry per delegator and height, pruned past the evidence age, and at most `recentBondsMax` /
// `recentUnbondsMax` entries, the oldest dropped first (a dropped bond is then slashed like older
// stake; a dropped undelegation makes a slash reach all unbonding stake, as before this rule).
import { equalBytes, toHex } from '../../lib/index.ts';
import type { StateOverlay, StateReader } from '../overlay.ts';
import {
  readRecentBonds,
  readRecentUnbonds,
  writeRecentBonds,
  writeRecentUnbonds,
} from './store.ts';
import { stakingLimits, type RecentBonds } from './types.ts';

/** Records `shares` bonded by `delegator` to `validator` at `height`. */
export function recordBond(
  state: StateOverlay,
  validator: Uint8Array,
  delegator: Uint8Array,
  shares: bigint,
  height: number,
): void {
  const oldest = height - stakingLimits.evidenceAgeBlocks;
  const bonds = readRecentBonds(state, validator).filter((b) => b.height >= oldest);
  const last = bonds.at(-1);
  if (last !== undefined && last.height === height && equalBytes(last.delegator, delegator))
    bonds[bonds.length - 1] = { ...last, shares: last.shares + shares };
  else bonds.push({ height, delegator, shares });
  writeRecentBonds(state, validator, bonds.slice(-stakingLimits.recentBondsMax));
}

/**
 * After `delegator` undelegated from `validator` and holds `held` shares: its recent entries keep
 * at most that many, the newest given up first (an undelegation takes the latest stake first).
 */
export function trimBonds(
  state: StateOverlay,
  validator: Uint8Array,
  delegator: Uint8Array,
  held: bigint,
): void {
  const bonds = readRecentBonds(state, validator);
  if (!bonds.some((b) => equalBytes(b.delegator, delegator))) return;
  let keep = held;
  const kept: RecentBonds[number][] = [];
  // Oldest first: the older entries keep their shares, the newest lose theirs.
  for (const b of bonds) {
    if (!equalBytes(b.delegator, delegator)) kept.push(b);
    else if (keep > 0n) {
      const shares = b.shares < keep ? b.shares : keep;
      keep -= shares;
      kept.push({ ...b, shares });
    }
  }
  writeRecentBonds(state, validator, kept);
}

/** Shares bonded to `validator` after `height`, per delegator (hex address), still held. */
export function bondedAfter(
  state: StateReader,
  validator: Uint8Array,
  height: number,
  heldBy: (delegator: Uint8Array) => bigint,
): Map<string, { readonly delegator: Uint8Array; readonly shares: bigint }> {
  const after = new Map<string, { delegator: Uint8Array; shares: bigint }>();
  for (const b of readRecentBonds(state, validator)) {
    if (b.height <= height) continue;
    const id = toHex(b.delegator);
    const prior = after.get(id);
    after.set(id, { delegator: b.delegator, shares: (prior?.shares ?? 0n) + b.shares });
  }
  for (const [id, entry] of after) {
    const held = heldBy(entry.delegator);
    if (held < entry.shares) after.set(id, { ...entry, shares: held });
  }
  return after;
}

/** Records that `delegator` started unbonding from `validator` at `height`. */
export function recordUnbond(
  state: StateOverlay,
  validator: Uint8Array,
  delegator: Uint8Array,
  height: number,
): void {
  const oldest = height - stakingLimits.evidenceAgeBlocks;
  const recent = readRecentUnbonds(state, validator);
  const entries = recent.entries.filter((e) => e.height >= oldest);
  const known = entries.some((e) => e.height === height && equalBytes(e.delegator, delegator));
  if (!known) entries.push({ height, delegator });
  let droppedAbove = recent.droppedAbove >= oldest ? recent.droppedAbove : 0;
  while (entries.length > stakingLimits.recentUnbondsMax) {
    const dropped = entries.shift();
    if (dropped !== undefined && dropped.height > droppedAbove) droppedAbove = dropped.height;
  }
  writeRecentUnbonds(state, validator, { entries, droppedAbove });
}

/**
 * The delegators with an unbonding from `validator` started at or after `height`, or `undefined`
 * when the list lost such an entry (then every unbonding is slashed, the safe side).
 */
export function unbondedSince(
  state: StateReader,
  validator: Uint8Array,
  height: number,
): Uint8Array[] | undefined {
  const recent = readRecentUnbonds(state, validator);
  if (recent.droppedAbove !== 0 && recent.droppedAbove >= height) return undefined;
  const seen = new Map<string, Uint8Array>();
  for (const e of recent.entries) if (e.height >= height) seen.set(toHex(e.delegator), e.delegator);
  return [...seen.values()];
}

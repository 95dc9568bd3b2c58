// The start of every block on a public chain: validators whose double signing the block's evidence
// proves are slashed and tombstoned; validators that missed too many of the last blocks (a sliding
// window) are slashed a little and jailed. A slash burns only what backed the infraction: bonded
// stake that was bonded by the infraction's block, and unbondings that started in that block or
// later; stake bonded after it and unbondings started before it keep their worth (docs/adr/0019).
import { equalBytes, toHex } from '../../lib/index.ts';
import { readAccount, writeAccount } from '../accounts.ts';
import type { BlockHookContext, Mark, Output } from '../module.ts';
import type { StateOverlay } from '../overlay.ts';
import { powerChanged } from './marks.ts';
import { bondedAfter, unbondedSince } from './recentBonds.ts';
import { bondedPoolAccount } from './shares.ts';
import {
  readDelegations,
  readRecentBonds,
  readStakeValidator,
  readStaking,
  readUnbondings,
  writeDelegations,
  writeRecentBonds,
  writeStakeValidator,
  writeUnbondings,
} from './store.ts';
import { stakingLimits, type Slash, type StakeValidator, type StakingParams } from './types.ts';

/** A slash never burns everything: the shares bonded after the infraction must keep a price. */
const slashBpsMax = 9_999;

function sharesHeld(state: StateOverlay, delegator: Uint8Array, validator: Uint8Array): bigint {
  return (
    readDelegations(state, delegator).find((d) => equalBytes(d.validator, validator))?.shares ?? 0n
  );
}

/**
 * Gives each delegator who bonded after the infraction ⌈shares × bps / (10000 − bps)⌉ new shares,
 * so that after the pool's price falls by `bps` its stake is worth what it was; the recent-bond
 * entries grow alike, so a second, older infraction still spares them.
 */
function compensate(
  state: StateOverlay,
  validator: Uint8Array,
  after: ReturnType<typeof bondedAfter>,
  bps: bigint,
  infractionHeight: number,
): bigint {
  let minted = 0n;
  // Rounded up, so rounding never takes from the stake bonded after the infraction.
  const extraOf = (shares: bigint) => (shares * bps + 9_999n - bps) / (10_000n - bps);
  for (const { delegator, shares } of after.values()) {
    const extra = extraOf(shares);
    if (extra === 0n) continue;
    const delegations = readDelegations(state, delegator).map((d) =>
      equalBytes(d.validator, validator) ? { ...d, shares: d.shares + extra } : d,
    );
    writeDelegations(state, delegator, delegations);
    minted += extra;
  }
  if (minted > 0n) {
    const scaled = readRecentBonds(state, validator).map((b) =>
      b.height > infractionHeight && after.has(toHex(b.delegator))
        ? { ...b, shares: b.shares + extraOf(b.shares) }
        : b,
    );
    writeRecentBonds(state, validator, scaled);
  }
  return minted;
}

/**
 * The unbondings from `address` that started at or after the infraction lose `bps` of their
 * shares, and the unbonding pool the same worth in tokens, so the price of the other unbondings'
 * shares does not move: unbondings started before the infraction are untouched. When the recent
 * list lost an entry that might be one of them, every unbonding is slashed instead (the pool's
 * tokens cut, its shares kept). Returns the tokens to burn and the shares cut.
 */
function slashUnbondings(
  state: StateOverlay,
  address: Uint8Array,
  v: StakeValidator,
  bps: bigint,
  infractionHeight: number,
): { readonly tokens: bigint; readonly shares: bigint } {
  if (v.unbondingShares === 0n || v.unbondingTokens === 0n) return { tokens: 0n, shares: 0n };
  const delegators = unbondedSince(state, address, infractionHeight);
  if (delegators === undefined) return { tokens: (v.unbondingTokens * bps) / 10_000n, shares: 0n };
  let cut = 0n;
  for (const delegator of delegators) {
    const before = readUnbondings(state, delegator);
    const after = before.map((u) =>
      !equalBytes(u.validator, address) || u.height < infractionHeight
        ? u
        : { ...u, shares: u.shares - (u.shares * bps) / 10_000n },
    );
    const lost = before.reduce((sum, u, i) => sum + u.shares - (after[i]?.shares ?? 0n), 0n);
    if (lost > 0n) writeUnbondings(state, delegator, after);
    cut += lost;
  }
  return { tokens: (cut * v.unbondingTokens) / v.unbondingShares, shares: cut };
}

/**
 * Slashes `v` by `rate` bps for an infraction at `record.infractionHeight`: the bonded stake that
 * was bonded then (what the shares held since are worth now) and the unbondings started since,
 * burned from the pool; the shares bonded after keep their worth.
 */
function slash(
  state: StateOverlay,
  address: Uint8Array,
  v: StakeValidator,
  rate: number,
  record: Omit<Slash, 'amount'>,
): StakeValidator {
  const bps = BigInt(Math.min(rate, slashBpsMax));
  const after = bondedAfter(state, address, record.infractionHeight, (d) =>
    sharesHeld(state, d, address),
  );
  let newShares = 0n;
  for (const a of after.values()) newShares += a.shares;
  const oldShares = v.shares > newShares ? v.shares - newShares : 0n;
  const oldTokens = v.shares === 0n ? 0n : (oldShares * v.tokens) / v.shares;
  const fromBonded = (oldTokens * bps) / 10_000n;
  const unbonding = slashUnbondings(state, address, v, bps, record.infractionHeight);
  const fromUnbonding = unbonding.tokens;
  const amount = fromBonded + fromUnbonding;
  if (amount > 0n) {
    // Burned: the pool loses it and nobody receives it.
    const pool = readAccount(state, bondedPoolAccount);
    writeAccount(state, bondedPoolAccount, { ...pool, balance: pool.balance - amount });
  }
  const minted =
    fromBonded === 0n ? 0n : compensate(state, address, after, bps, record.infractionHeight);
  const slashes = [...v.slashes, { ...record, amount }].slice(-stakingLimits.slashesMax);
  return {
    ...v,
    tokens: v.tokens - fromBonded,
    shares: v.shares + minted,
    unbondingTokens: v.unbondingTokens - fromUnbonding,
    unbondingShares: v.unbondingShares - unbonding.shares,
    slashes,
  };
}

/**
 * A validator absent from the last commit: the missed height joins its sliding window, and when
 * the window holds the limit it is slashed and jailed (the window cleared). Heights older than the
 * window fall out, so misses are counted over any `downtimeWindowBlocks` consecutive blocks.
 */
function recordMiss(
  state: StateOverlay,
  address: Uint8Array,
  v: StakeValidator,
  p: StakingParams,
  ctx: BlockHookContext,
): boolean {
  const missedHeight = ctx.height - 1;
  const oldest = missedHeight - p.downtimeWindowBlocks + 1;
  const missedHeights = [...v.missedHeights.filter((h) => h >= oldest), missedHeight];
  const limit = Math.max(1, Math.min(p.downtimeMissedMax, stakingLimits.missedHeightsMax));
  if (missedHeights.length < limit) {
    writeStakeValidator(state, address, { ...v, missedHeights });
    return false;
  }
  const slashed = slash(state, address, v, p.downtimeSlashBps, {
    reason: 'downtime',
    infractionHeight: missedHeight,
    height: ctx.height,
    evidenceHash: new Uint8Array(32),
  });
  writeStakeValidator(state, address, {
    ...slashed,
    missedHeights: [],
    jailedUntilMs: ctx.timeMs + p.downtimeJailMs,
  });
  return true;
}

/** Slashes the block's double signers and jails validators down too long (public chains only). */
export function beginBlockStaking(state: StateOverlay, ctx: BlockHookContext): Output | undefined {
  const s = readStaking(state);
  if (s === undefined) return undefined;
  const p = s.params;
  const marks: Mark[] = [];
  for (const m of ctx.misbehaviour) {
    const v = readStakeValidator(state, m.validator);
    if (v === undefined || v.tombstoned) continue;
    const slashed = slash(state, m.validator, v, p.doubleSignSlashBps, {
      reason: 'double_sign',
      infractionHeight: m.height,
      height: ctx.height,
      evidenceHash: m.evidenceHash,
    });
    writeStakeValidator(state, m.validator, {
      ...slashed,
      tombstoned: true,
      jailedUntilMs: Number.MAX_SAFE_INTEGER,
    });
    marks.push(powerChanged(m.validator));
  }
  for (const address of ctx.absent) {
    const v = readStakeValidator(state, address);
    if (v === undefined || v.tombstoned || v.jailedUntilMs !== undefined) continue;
    if (recordMiss(state, address, v, p, ctx)) marks.push(powerChanged(address));
  }
  // Capture metrics follow when the slashes change the validator set (a set change marks them).
  return marks.length === 0 ? undefined : { marks };
}

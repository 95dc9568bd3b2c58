// The start of every block on a public chain: validators whose double signing the block's evidence
// proves are slashed and tombstoned; validators absent from the last commit count a miss, and
// those past the downtime limit are slashed a little and jailed. A slash burns stake from the
// pool (bonded and unbonding alike), so every delegator loses in proportion.
import { readAccount, writeAccount } from '../accounts.ts';
import type { BlockHookContext, Mark, Output } from '../module.ts';
import type { StateOverlay } from '../overlay.ts';
import { powerChanged } from './marks.ts';
import { bondedPoolAccount } from './shares.ts';
import { readStakeValidator, readStaking, writeStakeValidator } from './store.ts';
import { stakingLimits, type Slash, type StakeValidator } from './types.ts';

function slash(
  state: StateOverlay,
  v: StakeValidator,
  bps: number,
  record: Omit<Slash, 'amount'>,
): StakeValidator {
  const fromBonded = (v.tokens * BigInt(bps)) / 10_000n;
  const fromUnbonding = (v.unbondingTokens * BigInt(bps)) / 10_000n;
  const amount = fromBonded + fromUnbonding;
  if (amount > 0n) {
    // Burned: the pool loses it and nobody receives it.
    const pool = readAccount(state, bondedPoolAccount);
    writeAccount(state, bondedPoolAccount, { ...pool, balance: pool.balance - amount });
  }
  const slashes = [...v.slashes, { ...record, amount }].slice(-stakingLimits.slashesMax);
  return {
    ...v,
    tokens: v.tokens - fromBonded,
    unbondingTokens: v.unbondingTokens - fromUnbonding,
    slashes,
  };
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
    const slashed = slash(state, v, p.doubleSignSlashBps, {
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
  const window = Math.floor(ctx.height / p.downtimeWindowBlocks);
  for (const address of ctx.absent) {
    const v = readStakeValidator(state, address);
    if (v === undefined || v.tombstoned || v.jailedUntilMs !== undefined) continue;
    const missed = (v.window === window ? v.missed : 0) + 1;
    if (missed < p.downtimeMissedMax) {
      writeStakeValidator(state, address, { ...v, window, missed });
      continue;
    }
    const slashed = slash(state, v, p.downtimeSlashBps, {
      reason: 'downtime',
      infractionHeight: ctx.height - 1,
      height: ctx.height,
      evidenceHash: new Uint8Array(32),
    });
    writeStakeValidator(state, address, {
      ...slashed,
      window,
      missed: 0,
      jailedUntilMs: ctx.timeMs + p.downtimeJailMs,
    });
    marks.push(powerChanged(address));
  }
  // Capture metrics follow when the slashes change the validator set (a set change marks them).
  return marks.length === 0 ? undefined : { marks };
}

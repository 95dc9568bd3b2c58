// The marks staking leaves for the end of the block: whose power to recompute, and that who votes
// with stake changed (governance then recomputes its capture metrics).
import { toHex } from '../../lib/index.ts';
import type { Mark } from '../module.ts';

const powerPrefix = 'staking/power:';

/** Stake was bonded, unbonded or slashed: who votes in the stake chamber changed. */
export const stakeChanged: Mark = 'staking/stake';

/** The validator's stake or status changed: its voting power is recomputed at block end. */
export function powerChanged(validator: Uint8Array): Mark {
  return `${powerPrefix}${toHex(validator)}`;
}

/** Whether `marks` asks for `validator`'s power to be recomputed. */
export function isPowerChanged(marks: ReadonlySet<Mark>, validator: Uint8Array): boolean {
  return marks.has(`${powerPrefix}${toHex(validator)}`);
}

/** Whether any validator's power is to be recomputed. */
export function anyPowerChanged(marks: ReadonlySet<Mark>): boolean {
  for (const m of marks) if (m.startsWith(powerPrefix)) return true;
  return false;
}

// The mark governance leaves for the end of the block: who votes changed, so the capture metrics
// are recomputed (staking's `stakeChanged` and a changed validator set do the same).
import type { Mark } from '../module.ts';

/** A member delegated, a roll or the council changed: who votes changed. */
export const rollsChanged: Mark = 'governance/rolls';

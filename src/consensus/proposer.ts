// Who proposes at (height, round): a weighted round robin over the validator set, so that over
// any window of `period` consecutive slots each validator proposes in proportion to its power, and
// the turns are spread out rather than bunched (smooth weighted round robin: each slot every
// validator gains its weight in priority, the highest priority proposes and pays back the total).
// The slot is height + round, so a failed round hands the turn to the next validator and the
// schedule needs no state beyond the validator set: any node, restarted or new, computes the same
// proposer. Powers are reduced by their gcd and, when their sum is large, scaled to at most
// `periodMax` slots (each validator keeps at least one): proportional to within 1/periodMax.
import { assert, toHex } from '../lib/index.ts';
import { validatorSetHash, type Validator } from '../types/index.ts';

/** Longest schedule period in slots (bounds memory and the one-off cost per validator set). */
export const proposerPeriodMax = 10_000;

const schedulesMax = 8;
const schedules = new Map<string, readonly number[]>();

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Weights per validator: powers over their gcd, scaled down to fit the period bound. */
export function scheduleWeights(validators: readonly Validator[]): readonly number[] {
  let g = 0;
  for (const v of validators) g = gcd(g, v.power);
  if (g === 0) return validators.map(() => 1);
  let weights = validators.map((v) => v.power / g);
  const total = weights.reduce((a, b) => a + b, 0);
  if (total > proposerPeriodMax) {
    weights = weights.map((w) => Math.max(1, Math.floor((w * proposerPeriodMax) / total)));
  }
  return weights;
}

/** The proposer index for each slot of one period. */
export function proposerSchedule(validators: readonly Validator[]): readonly number[] {
  const weights = scheduleWeights(validators);
  const period = weights.reduce((a, b) => a + b, 0);
  const priority = weights.map(() => 0);
  const slots: number[] = [];
  for (let slot = 0; slot < period; slot++) {
    let best = 0;
    for (let i = 0; i < weights.length; i++) {
      priority[i] = (priority[i] ?? 0) + (weights[i] ?? 0);
      // Ties go to the earlier validator in set order: deterministic everywhere.
      if ((priority[i] ?? 0) > (priority[best] ?? 0)) best = i;
    }
    priority[best] = (priority[best] ?? 0) - period;
    slots.push(best);
  }
  return slots;
}

/** The validator that proposes at (height, round). */
export function proposerAt(
  validators: readonly Validator[],
  height: number,
  round: number,
): Validator {
  const id = toHex(validatorSetHash(validators));
  let slots = schedules.get(id);
  if (slots === undefined) {
    slots = proposerSchedule(validators);
    if (schedules.size >= schedulesMax) {
      const oldest = schedules.keys().next().value;
      if (oldest !== undefined) schedules.delete(oldest);
    }
    schedules.set(id, slots);
  }
  const index = slots[(height + round) % slots.length] ?? 0;
  const proposer = validators[index];
  assert(proposer !== undefined, 'the validator set is not empty');
  return proposer;
}

// The per-validator cap on voting power (public chains): the largest validators are cut to one
// common level chosen so that the level is at most `capBps` of the total after cutting — the same
// level governance's per-entity cap uses (`capLevel`). Integer arithmetic only, so every node
// computes the same powers.
import { capLevel } from '../capLevel.ts';

/**
 * Each power of `powers` cut to the common level (the order kept). With enough validators
 * (n × cap ≥ 100%) no power exceeds the cap share of the capped total; with fewer, no cap can be
 * met, so every validator gets the smallest positive power (each then holds 1/n, as close to the
 * cap as n validators allow). Zero powers stay zero and do not count.
 */
export function capPowers(powers: readonly number[], capBps: number): number[] {
  const level = capLevel(
    powers.map((p) => BigInt(p)),
    capBps,
  );
  return powers.map((p) => (BigInt(p) > level ? Number(level) : p));
}

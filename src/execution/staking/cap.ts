// The per-validator cap on voting power (public chains): the largest validators are cut to one
// common level chosen so that the level is at most `capBps` of the total after cutting. Integer
// arithmetic only, so every node computes the same powers.

/**
 * Each power of `powers` cut to the common level (the order kept). With enough validators
 * (n × cap ≥ 100%) no power exceeds the cap share of the capped total; with fewer, no cap can be
 * met, so every validator gets the smallest positive power (each then holds 1/n, as close to the
 * cap as n validators allow). Zero powers stay zero and do not count.
 */
export function capPowers(powers: readonly number[], capBps: number): number[] {
  const positive = powers.filter((p) => p > 0).sort((a, b) => b - a);
  const n = positive.length;
  if (n === 0 || capBps >= 10_000) return powers.slice();
  const cap = BigInt(capBps);
  let rest = positive.reduce((sum, p) => sum + BigInt(p), 0n);
  // k validators cut to level L, the rest below it: L ≤ cap × (k·L + rest), i.e.
  // L ≤ cap·rest / (10000 − k·cap); the first k whose next validator fits under that level wins.
  for (let k = 0; k < n && BigInt(k) * cap < 10_000n; k++) {
    const level = (cap * rest) / (10_000n - BigInt(k) * cap);
    const next = BigInt(positive[k] ?? 0);
    if (next <= level) {
      if (k === 0) return powers.slice();
      return powers.map((p) => (BigInt(p) > level ? Number(level) : p));
    }
    rest -= next;
  }
  const smallest = positive[n - 1] ?? 0;
  return powers.map((p) => (p > 0 ? smallest : 0));
}

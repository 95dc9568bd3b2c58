// The common level a cap cuts the largest holders to, shared by every cap on a share: governance's
// per-entity cap on what a chamber counts and staking's per-validator cap on voting power. One
// function, so both caps mean the same thing and round the same way.

/**
 * The largest level L such that a holder of L is at most `capBps` of the total counted once every
 * weight is cut to L (each weight, at most L, summed): capping against the counted total, not the
 * uncapped one, is what bounds a share. Weights in any order; zeros do not count. Exact integer
 * arithmetic, rounded down, so the share is never exceeded. With fewer holders than 1/cap no level
 * keeps every share under the cap; the level is then the smallest weight (an equal share each, the
 * most even split there is).
 */
export function capLevel(weights: readonly bigint[], capBps: number): bigint {
  const sorted = weights.filter((w) => w > 0n).sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  const largest = sorted[0];
  if (largest === undefined) return 0n;
  const cap = BigInt(capBps);
  let rest = 0n;
  for (const w of sorted) rest += w;
  // f(L) = cap × counted(L) − 10,000 × L is concave with f(0) = 0: the levels that keep the cap
  // are [0, L*]. Walk down the breakpoints; with the k largest cut to L, counted = k·L + rest.
  for (let k = 1; k <= sorted.length; k++) {
    const top = sorted[k - 1] ?? 0n;
    rest -= top;
    if (k === 1 && largest * 10_000n <= cap * (largest + rest)) return largest; // nobody is cut
    // Fewer holders than 1/cap (the level would fall to zero): all count as the smallest.
    if (k === sorted.length) return top;
    const below = sorted[k] ?? 0n;
    if (cap * (BigInt(k) * below + rest) - 10_000n * below >= 0n) {
      // L* lies in [below, top): solve (10,000 − k·cap) × L ≤ cap × rest, rounding down.
      const level = (cap * rest) / (10_000n - BigInt(k) * cap);
      return level < below ? below : level;
    }
  }
  return largest;
}

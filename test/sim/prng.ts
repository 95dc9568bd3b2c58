// The simulator's only source of randomness: xoshiro128** (Blackman and Vigna), a 128-bit
// xorshift-family generator, seeded through splitmix32. Every choice a run makes (scenario, delays,
// losses, crashes, transactions) is drawn from one of these, so a seed replays the same run.

/** A seeded pseudo-random generator. */
export interface Prng {
  /** A uniform 32-bit unsigned integer. */
  nextU32(): number;
  /** A uniform float in [0, 1). */
  float(): number;
  /** A uniform integer in [0, n) (n ≥ 1). */
  int(n: number): number;
  /** A uniform integer in [min, max] (inclusive). */
  range(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A uniform element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy of `items` (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** An exponentially distributed value with the given mean. */
  exponential(mean: number): number;
  /** An independent generator derived from this one (so sub-systems do not perturb each other). */
  fork(label: string): Prng;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashLabel(label: string): number {
  // FNV-1a over the label's UTF-16 code units: a stable number per label.
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/** A generator seeded with a non-negative safe integer. */
export function createPrng(seed: number): Prng {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`bad seed ${seed}`);
  const high = Math.floor(seed / 2 ** 32) >>> 0;
  const mix = splitmix32((seed >>> 0) ^ Math.imul(high, 0x9e3779b1));
  return fromState([mix(), mix(), mix(), mix() | 1]);
}

function fromState(initial: readonly number[]): Prng {
  let [s0, s1, s2, s3] = initial.map((x) => x >>> 0) as [number, number, number, number];
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };
  const float = (): number => nextU32() / 2 ** 32;
  const int = (n: number): number => {
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`bad bound ${n}`);
    return Math.floor(float() * n);
  };
  const prng: Prng = {
    nextU32,
    float,
    int,
    range: (min, max) => min + int(max - min + 1),
    chance: (p) => float() < p,
    pick<T>(items: readonly T[]): T {
      const item = items[int(items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    shuffle<T>(items: readonly T[]): T[] {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        const a = out[i] as T;
        out[i] = out[j] as T;
        out[j] = a;
      }
      return out;
    },
    exponential: (mean) => -mean * Math.log(1 - float()),
    fork(label) {
      const mix = splitmix32(nextU32() ^ hashLabel(label));
      return fromState([mix(), mix(), mix(), mix() | 1]);
    },
  };
  return prng;
}

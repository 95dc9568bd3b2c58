// Peer scores and bans. Every peer starts at `scoreInitial`; malformed, oversize or flooding
// traffic (and consumers' penalties) lower it, good behaviour slowly restores it. A peer whose
// score falls to zero is disconnected and banned for `banMs`. Both tables are bounded.

/** A new peer's score. */
export const scoreInitial = 100;
/** Score regained per second of good behaviour, up to `scoreInitial`. */
export const scoreRecoveryPerSecond = 1;
/** How long a banned peer stays banned. */
export const banMs = 60_000;
/** Most peers remembered in the score and ban tables. */
export const peersTrackedMax = 1000;

/** Scores and bans, against a clock passed in (testable). */
export interface PeerScores {
  /** Lowers a peer's score; true when the peer must now be dropped (and is banned). */
  penalize(peer: string, points: number, nowMs: number): boolean;
  score(peer: string, nowMs: number): number;
  isBanned(peer: string, nowMs: number): boolean;
  forget(peer: string): void;
}

/** Creates empty score and ban tables. */
export function createPeerScores(): PeerScores {
  const scores = new Map<string, { score: number; atMs: number }>();
  const bans = new Map<string, number>();
  const current = (peer: string, nowMs: number): number => {
    const entry = scores.get(peer);
    if (entry === undefined) return scoreInitial;
    const recovered = ((nowMs - entry.atMs) / 1000) * scoreRecoveryPerSecond;
    return Math.min(scoreInitial, entry.score + recovered);
  };
  const bounded = <V>(map: Map<string, V>): void => {
    if (map.size <= peersTrackedMax) return;
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  };
  return {
    penalize(peer, points, nowMs) {
      const score = current(peer, nowMs) - points;
      scores.delete(peer);
      scores.set(peer, { score, atMs: nowMs });
      bounded(scores);
      if (score > 0) return false;
      bans.delete(peer);
      bans.set(peer, nowMs + banMs);
      bounded(bans);
      scores.delete(peer);
      return true;
    },
    score: current,
    isBanned(peer, nowMs) {
      const until = bans.get(peer);
      if (until === undefined) return false;
      if (until > nowMs) return true;
      bans.delete(peer);
      return false;
    },
    forget(peer) {
      scores.delete(peer);
    },
  };
}

/** A token bucket: `ratePerSecond` sustained, bursts up to twice that. */
export interface RateLimiter {
  take(nowMs: number): boolean;
}

/** Creates a full token bucket. */
export function createRateLimiter(ratePerSecond: number): RateLimiter {
  const capacity = Math.max(1, ratePerSecond * 2);
  let tokens = capacity;
  let atMs: number | undefined;
  return {
    take(nowMs) {
      if (atMs !== undefined)
        tokens = Math.min(capacity, tokens + ((nowMs - atMs) / 1000) * ratePerSecond);
      atMs = nowMs;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}

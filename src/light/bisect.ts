// Moving trust from a trusted light block to a target height: try to skip straight there; when
// the validator set changed too much for that, verify a block halfway first and go on from it.
// Every fetched block is checked before it is trusted; the number of fetches is bounded.
import { isPolityError } from '../lib/index.ts';
import { lightErrors } from './errors.ts';
import { verifyLightBlock, type LightBlock, type TrustOptions } from './verifyHeader.ts';

/** Most light blocks one verification may fetch. */
export const lightFetchesMax = 64;

/** The outcome of a verification. */
export interface VerifiedPath {
  /** The verified block at the target height. */
  readonly block: LightBlock;
  /** Heights verified on the way, in order (ending at the target). */
  readonly heights: readonly number[];
  readonly fetches: number;
}

/** Verifies the light block at `target` from `trusted`, fetching what it needs. */
export async function verifyToHeight(
  trusted: LightBlock,
  target: number,
  fetchBlock: (height: number) => Promise<LightBlock>,
  nowMs: number,
  options: TrustOptions = {},
): Promise<VerifiedPath> {
  if (target <= trusted.header.height) {
    throw lightErrors.light_not_ahead({ height: target, trustedHeight: trusted.header.height });
  }
  let fetches = 0;
  const cache = new Map<number, LightBlock>();
  const fetchOnce = async (height: number): Promise<LightBlock> => {
    const known = cache.get(height);
    if (known !== undefined) return known;
    if (fetches >= lightFetchesMax) {
      throw lightErrors.light_too_many_fetches({ fetchesMax: lightFetchesMax });
    }
    fetches++;
    const block = await fetchBlock(height);
    cache.set(height, block);
    return block;
  };
  let current = trusted;
  const heights: number[] = [];
  let goal = target;
  while (current.header.height < target) {
    const candidate = await fetchOnce(goal);
    try {
      verifyLightBlock(current, candidate, nowMs, options);
      current = candidate;
      heights.push(goal);
      goal = target;
    } catch (error) {
      if (!isPolityError(error, lightErrors.light_trust_insufficient)) throw error;
      // Too far for the trusted set: verify the middle first (adjacent steps always work).
      goal = current.header.height + Math.floor((goal - current.header.height) / 2);
      if (goal <= current.header.height) goal = current.header.height + 1;
    }
  }
  return { block: current, heights, fetches };
}

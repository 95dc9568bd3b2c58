// Block time ("BFT time"): a header's time is not the proposer's clock but the voting-power
// weighted median of the times in the commit it carries (the precommits that decided the previous
// block), so no validator holding less than a third of the power can move it outside the range of
// honest validators' clocks (docs/spec/consensus.md, "Block time"). Every validator recomputes it
// and accepts only that exact value; block 1 carries no commit and takes the genesis time.
import { toHex } from '../lib/index.ts';
import type { Commit, Validator } from '../types/index.ts';

/**
 * The weighted median of a commit's signature times: the earliest time `t` such that the signers
 * whose time is at or before `t` hold more than half of the power that signed. Signers outside
 * `validators` weigh nothing (such a commit does not verify anyway). Undefined when no power
 * signed.
 *
 * Why a minority cannot move it: a commit's signers hold `S > 2P/3`; signers that lie hold
 * `f < P/3 < S/2`, so honest signers hold `S - f > S/2`. Any `t` before every honest time has at
 * most `f < S/2` at or before it, and the latest honest time already has `S - f > S/2` at or
 * before it: the median lies between the earliest and the latest honest time.
 */
export function medianTimeMs(
  commit: Pick<Commit, 'signatures'>,
  validators: readonly Validator[],
): number | undefined {
  const powerOf = new Map(validators.map((v) => [toHex(v.address), v.power]));
  const weighted: { readonly timeMs: number; readonly power: number }[] = [];
  let signed = 0;
  for (const sig of commit.signatures) {
    const power = powerOf.get(toHex(sig.validator)) ?? 0;
    if (power <= 0) continue;
    weighted.push({ timeMs: sig.timeMs, power });
    signed += power;
  }
  if (signed === 0) return undefined;
  weighted.sort((a, b) => a.timeMs - b.timeMs);
  let before = 0;
  for (const w of weighted) {
    before += w.power;
    if (2 * before > signed) return w.timeMs;
  }
  return undefined; // unreachable: the last entry brings `before` to `signed`
}

/**
 * The time block `height` must carry: the genesis time for block 1, else the weighted median of
 * its last commit over the set that signed `height - 1`. Undefined when that commit holds no
 * power of the set.
 */
export function blockTimeMs(input: {
  readonly height: number;
  readonly genesisTimeMs: number;
  readonly lastCommit: Pick<Commit, 'signatures'> | undefined;
  readonly lastValidators: readonly Validator[];
}): number | undefined {
  if (input.height === 1) return input.genesisTimeMs;
  if (input.lastCommit === undefined) return undefined;
  return medianTimeMs(input.lastCommit, input.lastValidators);
}

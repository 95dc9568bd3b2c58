// The capture metrics governance stores in state whenever who votes changed: each chamber's
// Nakamoto coefficients and, per kind of proposal, the smallest coalitions that pass or block it,
// with the per-entity cap and without it.
import type { Validator } from '../../types/index.ts';
import type { StateReader } from '../overlay.ts';
import { readStakeValidator } from '../staking/index.ts';
import { toHex } from '../../lib/index.ts';
import { captureReport, consensusCapture } from './capture.ts';
import { effectivePolicy } from './policy.ts';
import { chamberQuorums } from './quorum.ts';
import { chamberRoll } from './rolls.ts';
import type { Voter } from './tally.ts';
import type { Chamber } from './types.ts';
import type { CaptureSummary, GovernanceState } from './state.ts';

function rollsFor(
  state: StateReader,
  gov: GovernanceState,
  validators: readonly Validator[],
): Record<Chamber, { voters: readonly Voter[]; addresses: ReadonlyMap<string, Uint8Array> }> {
  return {
    stake: chamberRoll(state, gov, 'stake', validators),
    members: chamberRoll(state, gov, 'members', validators),
    maintainers: chamberRoll(state, gov, 'maintainers', validators),
  };
}

// The set's voting power by operator where staking knows it (a public chain), else by validator.
function consensusPowers(
  state: StateReader,
  validators: readonly Validator[],
): { entity: string; power: bigint }[] {
  return validators.map((v) => {
    const operator = readStakeValidator(state, v.address)?.operator;
    return { entity: toHex(operator ?? v.address), power: BigInt(v.power) };
  });
}

/** The capture summary of `gov` at the end of block `height`, over the chambers' rolls. */
export function captureSummary(
  state: StateReader,
  gov: GovernanceState,
  height: number,
  validators: readonly Validator[],
): CaptureSummary {
  const rolls = rollsFor(state, gov, validators);
  const quorums = chamberQuorums(gov);
  const report = captureReport(
    gov.params,
    {
      stake: rolls.stake.voters,
      members: rolls.members.voters,
      maintainers: rolls.maintainers.voters,
    },
    quorums,
    (kind) => effectivePolicy(gov.params, kind),
  );
  return {
    height,
    chambers: report.chambers.map((c) => ({
      chamber: c.chamber,
      entities: c.entities,
      third: c.nakamoto.third,
      half: c.nakamoto.half,
      twoThirds: c.nakamoto.twoThirds,
      thirdUncapped: c.nakamotoThirdUncapped,
      belowFloor: c.belowFloor,
    })),
    kinds: report.kinds.map((k) => ({
      kind: k.kind,
      pass: k.pass,
      passIfOthersAbstain: k.passIfOthersAbstain,
      block: k.block,
      uncappedPass: k.uncapped.pass,
      uncappedBlock: k.uncapped.block,
    })),
    consensus: consensusCapture(consensusPowers(state, validators)),
  };
}

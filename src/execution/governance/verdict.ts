// A proposal's outcome from its chambers' counts: it passes only when the chambers its policy
// requires approve (all of them, or any one for non-binding signals). A veto in any voting chamber
// rejects it and burns the deposit, whatever the others decided.
import type { Chamber, KindPolicy } from './types.ts';
import { chamberVerdict, type ChamberTally, type ChamberVerdict } from './tally.ts';

/** The outcome of a tally. */
export interface ProposalVerdict {
  readonly outcome: 'passed' | 'rejected' | 'vetoed';
  readonly chambers: readonly (ChamberVerdict & { readonly chamber: Chamber })[];
}

/** Decides a proposal held to `policy` from each voting chamber's count and quorum. */
export function proposalVerdict(
  policy: KindPolicy,
  tallies: Readonly<Partial<Record<Chamber, ChamberTally>>>,
  quorums: Readonly<Record<Chamber, number>>,
): ProposalVerdict {
  const perChamber = policy.chambers.map((chamber) => {
    const none = { yes: 0n, no: 0n, abstain: 0n, veto: 0n };
    const tally = tallies[chamber] ?? {
      eligible: 0n,
      cap: 0n,
      ...none,
      yesEntities: 0,
      own: none,
      delegated: none,
    };
    return {
      chamber,
      ...chamberVerdict(
        tally,
        quorums[chamber],
        policy.approval,
        policy.vetoBps,
        policy.yesEntitiesMin,
      ),
    };
  });
  if (perChamber.some((c) => c.vetoed)) return { outcome: 'vetoed', chambers: perChamber };
  const passed =
    policy.rule === 'all'
      ? perChamber.every((c) => c.approved)
      : perChamber.some((c) => c.approved);
  return { outcome: passed ? 'passed' : 'rejected', chambers: perChamber };
}

// Governance values to their API shapes. State values take the JSON form of their codecs; the
// capture metrics and the live count are reshaped for reading. Pure functions, used by the server
// and by the client when it rebuilds an answer from proved bytes.
import { formatAddress } from '../../crypto/index.ts';
import {
  ballotCodec,
  chamberResultCodec,
  governanceStateCodec,
  govProposalCodec,
  type Ballot,
  type CaptureSummary,
  type GovernanceState,
  type GovProposal,
} from '../../execution/index.ts';
import type { ProposalCount } from '../service.ts';
import type {
  BallotJson,
  CaptureJson,
  GovernanceStateJson,
  ProposalJson,
  TallyJson,
} from './specs.ts';

/** A proposal. */
export function proposalToJson(p: GovProposal): ProposalJson {
  return govProposalCodec.toJson(p);
}

/** Governance's state. */
export function govStateToJson(g: GovernanceState): GovernanceStateJson {
  return governanceStateCodec.toJson(g);
}

/** A ballot. */
export function ballotToJson(b: Ballot): BallotJson {
  return ballotCodec.toJson(b);
}

/** A proposal's count as it stands. */
export function tallyToJson(t: ProposalCount): TallyJson {
  return {
    outcome: t.outcome,
    note: t.note,
    elected: t.elected.map((c) => formatAddress(c)),
    results: t.results.map((r) => chamberResultCodec.toJson(r)),
  };
}

/** Capture metrics. */
export function captureToJson(c: CaptureSummary): CaptureJson {
  return {
    height: c.height,
    chambers: c.chambers.map((x) => ({
      chamber: x.chamber,
      entities: x.entities,
      nakamoto: {
        third: x.third ?? null,
        half: x.half ?? null,
        twoThirds: x.twoThirds ?? null,
      },
      nakamotoThirdUncapped: x.thirdUncapped ?? null,
      belowFloor: x.belowFloor,
    })),
    kinds: c.kinds.map((k) => ({
      kind: k.kind,
      pass: k.pass ?? null,
      passIfOthersAbstain: k.passIfOthersAbstain ?? null,
      block: k.block ?? null,
      uncapped: { pass: k.uncappedPass ?? null, block: k.uncappedBlock ?? null },
    })),
    consensus: {
      validators: c.consensus.validators,
      entities: c.consensus.entities,
      halt: c.consensus.halt ?? null,
      finalize: c.consensus.finalize ?? null,
    },
  };
}

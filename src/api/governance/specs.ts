// Governance routes and shapes. Values stored in state (governance's state and parameters,
// proposals with their actions and policies, ballots, seats, stake holders, chamber counts) take
// their shape from their codecs' JSON facet, so the API describes them once; the capture metrics
// and the live tally are shaped for reading here. Every state value can be read with `prove=true`
// (and at an earlier `height`): the answer then carries the value's canonical bytes (`encoded`)
// and a state proof against that height's header, which the typed client verifies.
import { Type, type Static, type TSchema } from 'typebox';
import { cryptoErrors } from '../../crypto/index.ts';
import {
  ballotCodec,
  chamberResultCodec,
  chambers,
  governanceErrors,
  governanceModes,
  governanceParamsCodec,
  governanceStateCodec,
  govProposalCodec,
  kindPolicyCodec,
  proposalActionCodec,
  proposalKinds,
  seatCodec,
  stakeHolderCodec,
} from '../../execution/index.ts';
import { apiErrors } from '../errors.ts';
import { limit } from '../blocks/specs.ts';
import { defineRoute } from '../routes/route.ts';
import { proofShape, publicKeyShape } from '../shapes/common.ts';
import {
  address,
  base64,
  codecComponent,
  component,
  count,
  height,
  nullable,
  object,
  oneOfNames,
  type JsonOfComponent,
} from '../shapes/shape.ts';

const proposalId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const coalition = nullable(count);

/** The rules of one kind of proposal. */
export const kindPolicyShape = codecComponent(
  'KindPolicy',
  kindPolicyCodec,
  'The rules of one kind of proposal: chambers, approval and veto thresholds, deposit, periods.',
);
/** Everything governance governs about itself. */
export const governanceParamsShape = codecComponent(
  'GovernanceParams',
  governanceParamsCodec,
  "Governance's own parameters (changed by `rules` proposals); docs/spec/governance.md.",
  [kindPolicyShape],
);
/** One chamber's count. */
export const chamberResultShape = codecComponent(
  'ChamberResult',
  chamberResultCodec,
  "One chamber's count: eligible weight, votes per choice, quorum and turnout, verdict.",
);
/** One chamber's count. */
export type ChamberResultJson = JsonOfComponent<typeof chamberResultShape>;
/** What a proposal does when enacted. */
export const proposalActionShape = codecComponent(
  'ProposalAction',
  proposalActionCodec,
  'What a proposal does when enacted; `type` names it (docs/spec/governance.md).',
  [governanceParamsShape, publicKeyShape],
);
/** A proposal. */
export const proposalShape = codecComponent(
  'Proposal',
  govProposalCodec,
  'A proposal: its action, the policy it is held to, deposits, deadlines and recorded counts.',
  [proposalActionShape, kindPolicyShape, chamberResultShape],
);
/** A proposal. */
export type ProposalJson = JsonOfComponent<typeof proposalShape>;
/** A maintainer's seat. */
export const seatShape = codecComponent(
  'Seat',
  seatCodec,
  "A maintainer's seat: holder, term end and consecutive terms served.",
);
/** Governance's own state. */
export const governanceStateShape = codecComponent(
  'GovernanceState',
  governanceStateCodec,
  "Governance's state: mode, parameters, open proposals, council, pauses, constitution, upgrades.",
  [governanceParamsShape, seatShape],
);
/** Governance's own state. */
export type GovernanceStateJson = JsonOfComponent<typeof governanceStateShape>;
/** A voter's ballot. */
export const ballotShape = codecComponent(
  'Ballot',
  ballotCodec,
  "A voter's ballot: its choice, or for an election the approved candidates.",
);
/** A voter's ballot. */
export type BallotJson = JsonOfComponent<typeof ballotShape>;
/** A stake holder of a consortium chain. */
export const stakeHolderShape = codecComponent(
  'StakeHolder',
  stakeHolderCodec,
  "A consortium chain's stake holder: the voting account, its organisation and weight.",
);

/** Capture metrics. */
export const captureShape = component(
  'Capture',
  object({
    height: count,
    chambers: Type.Array(
      object({
        chamber: oneOfNames(chambers),
        entities: count,
        nakamoto: object({ third: coalition, half: coalition, twoThirds: coalition }),
        nakamotoThirdUncapped: coalition,
        belowFloor: Type.Boolean(),
      }),
    ),
    kinds: Type.Array(
      object({
        kind: oneOfNames(proposalKinds),
        pass: coalition,
        passIfOthersAbstain: coalition,
        block: coalition,
        uncapped: object({ pass: coalition, block: coalition }),
      }),
    ),
    consensus: object({
      validators: count,
      entities: count,
      halt: coalition,
      finalize: coalition,
    }),
  }),
  'Capture metrics computed at the end of block `height`: per chamber the fewest entities holding more than a third, half and two thirds (null: impossible); per kind the smallest coalitions that pass or block; for consensus the fewest operators (validators where no operator is known) holding at least a third of the voting power (can halt the chain) and more than two thirds (can commit blocks alone).',
);
/** Capture metrics. */
export type CaptureJson = JsonOfComponent<typeof captureShape>;

/** A proposal's count as it stands while voting. */
export const tallyShape = component(
  'Tally',
  object({
    outcome: oneOfNames(['passed', 'rejected', 'vetoed']),
    note: Type.String(),
    elected: Type.Array(address),
    results: Type.Array(chamberResultShape.ref),
  }),
  'What ending the vote now would decide.',
);
/** A proposal's live count. */
export type TallyJson = JsonOfComponent<typeof tallyShape>;

/** Who votes in each chamber. */
export const chambersShape = component(
  'Chambers',
  object({
    mode: oneOfNames(governanceModes),
    stake: Type.Array(stakeHolderShape.ref),
    members: Type.Array(object({ member: address, delegate: nullable(address) })),
    maintainers: Type.Array(seatShape.ref),
  }),
  'Who votes: stake holders (on a public chain, the stake chamber as it votes: each validator with its bonded stake and its operator as the entity, and delegators who chose another delegate), members with the member each follows, and the council.',
);
/** Who votes in each chamber. */
export type ChambersJson = JsonOfComponent<typeof chambersShape>;

// A proved read of one state value: the value, its canonical bytes and the proof (with prove=true).
function provedRead<P extends Record<string, TSchema>>(fields: P) {
  return object({
    height: count,
    ...fields,
    encoded: nullable(base64),
    proof: nullable(proofShape.ref),
  });
}

const governanceRead = provedRead({ governance: nullable(governanceStateShape.ref) });
/** GET /v1/governance. */
export type GovernanceReadJson = Static<typeof governanceRead>;
const proposalRead = provedRead({
  proposal: proposalShape.ref,
  tally: nullable(tallyShape.ref),
});
/** GET /v1/governance/proposals/:id. */
export type ProposalReadJson = Static<typeof proposalRead>;
const ballotRead = provedRead({ ballot: nullable(ballotShape.ref) });
/** GET …/ballots/:chamber/:address. */
export type BallotReadJson = Static<typeof ballotRead>;
const captureRead = provedRead({ capture: nullable(captureShape.ref) });
/** GET /v1/governance/capture. */
export type CaptureReadJson = Static<typeof captureRead>;
const proposalPage = object({
  proposals: Type.Array(proposalShape.ref),
  nextBefore: nullable(count),
});
/** GET /v1/governance/proposals. */
export type ProposalPageJson = Static<typeof proposalPage>;
const captureHistory = object({
  entries: Type.Array(captureShape.ref),
  nextBefore: nullable(count),
});
/** GET /v1/governance/capture/history. */
export type CaptureHistoryJson = Static<typeof captureHistory>;

const readQuery = object({
  prove: Type.Optional(Type.Boolean({ default: false })),
  height: Type.Optional(height),
});
const pageQuery = object({ before: Type.Optional(proposalId), limit: Type.Optional(limit) });
const tag = 'governance';
// The node raises this code (its declaration is the node's), so it is named rather than listed.
const heightNote =
  'With `height` outside 1..latest the node answers 404 `height_not_found`; `prove=true` adds the proof against that height.';

/** The governance routes. */
export const governanceSpecs = {
  state: defineRoute({
    operationId: 'getGovernance',
    method: 'GET',
    url: '/v1/governance',
    summary: 'Governance state: parameters, council, open proposals, pauses, upgrade',
    description: heightNote,
    tag,
    querystring: readQuery,
    response: governanceRead,
    errors: [apiErrors.invalid_height],
  }),
  proposals: defineRoute({
    operationId: 'listProposals',
    method: 'GET',
    url: '/v1/governance/proposals',
    summary: 'Proposals, newest first',
    tag,
    querystring: pageQuery,
    response: proposalPage,
    errors: [apiErrors.invalid_limit, governanceErrors.governance_disabled],
  }),
  proposal: defineRoute({
    operationId: 'getProposal',
    method: 'GET',
    url: '/v1/governance/proposals/:id',
    summary: 'One proposal, with its count as it stands while voting',
    description: `\`tally\` is what ending the vote now would decide (null once decided: \`proposal.results\` holds the recorded count). ${heightNote}`,
    tag,
    params: object({ id: proposalId }),
    querystring: readQuery,
    response: proposalRead,
    errors: [apiErrors.invalid_height, governanceErrors.proposal_not_found],
  }),
  ballot: defineRoute({
    operationId: 'getBallot',
    method: 'GET',
    url: '/v1/governance/proposals/:id/ballots/:chamber/:address',
    summary: "A voter's own ballot on a proposal in a chamber (null if it did not vote)",
    description: heightNote,
    tag,
    params: object({ id: proposalId, chamber: Type.String(), address }),
    querystring: readQuery,
    response: ballotRead,
    errors: [apiErrors.invalid_chamber, cryptoErrors.invalid_address],
  }),
  chambers: defineRoute({
    operationId: 'getChambers',
    method: 'GET',
    url: '/v1/governance/chambers',
    summary: 'Who votes in each chamber: stake holders, members (with delegates), the council',
    tag,
    response: chambersShape.ref,
    errors: [governanceErrors.governance_disabled],
  }),
  capture: defineRoute({
    operationId: 'getCapture',
    method: 'GET',
    url: '/v1/governance/capture',
    summary: 'Capture metrics: Nakamoto coefficients per chamber, smallest coalitions per kind',
    description: `Recomputed at the end of every block that changes who votes; \`capture.height\` is that block. With \`height\`, the metrics in force at that height. ${heightNote}`,
    tag,
    querystring: readQuery,
    response: captureRead,
    errors: [apiErrors.invalid_height],
  }),
  captureHistory: defineRoute({
    operationId: 'listCaptureHistory',
    method: 'GET',
    url: '/v1/governance/capture/history',
    summary: 'Every change of the capture metrics, newest first',
    description:
      'Each entry is the metrics computed at the end of block `height`; `nextBefore` continues the listing.',
    tag,
    querystring: object({ before: Type.Optional(height), limit: Type.Optional(limit) }),
    response: captureHistory,
    errors: [apiErrors.invalid_height, apiErrors.invalid_limit],
  }),
} as const;

/** The components of the governance routes. */
export const governanceComponents = [
  kindPolicyShape,
  governanceParamsShape,
  chamberResultShape,
  proposalActionShape,
  proposalShape,
  seatShape,
  governanceStateShape,
  ballotShape,
  stakeHolderShape,
  captureShape,
  tallyShape,
  chambersShape,
] as const;

// Governance values to their API JSON shapes: amounts as decimal strings, addresses in bech32m,
// hashes in hex, absent values as null. Pure functions, used by the server and the CLI.
import { formatAddress } from '../crypto/index.ts';
import { toHex } from '../lib/index.ts';
import {
  governanceParamsToJson,
  policyToJson,
  type CaptureSummary,
  type ChamberResult,
  type GovernanceState,
  type GovProposal,
  type ProposalAction,
} from '../execution/index.ts';

/** JSON of a proposal's action. */
export type ActionJson = Readonly<Record<string, unknown>> & { readonly type: string };

/** A proposal's action. */
export function actionToJson(a: ProposalAction): ActionJson {
  switch (a.type) {
    case 'signal':
      return { type: a.type };
    case 'treasury.spend':
      return { type: a.type, to: formatAddress(a.to), amount: a.amount.toString() };
    case 'member.admit':
    case 'member.remove':
      return { type: a.type, member: formatAddress(a.member) };
    case 'stake.assign':
      return {
        type: a.type,
        holder: formatAddress(a.holder),
        entity: a.entity,
        weight: a.weight.toString(),
      };
    case 'validators.update':
      return {
        type: a.type,
        updates: a.updates.map((u) => ({
          scheme: u.publicKey.scheme,
          publicKey: toHex(u.publicKey.bytes),
          power: u.power,
        })),
      };
    case 'election':
      return { type: a.type, candidates: a.candidates.map((c) => formatAddress(c)) };
    case 'rules.set':
      return { type: a.type, params: governanceParamsToJson(a.params) };
    case 'constitution.set':
      return { type: a.type, hash: toHex(a.hash), url: a.url };
    case 'emergency.pause':
    case 'emergency.lift':
      return { type: a.type, module: a.module };
    case 'emergency.ratify':
      return { type: a.type, proposal: a.proposal };
    case 'upgrade':
      return { type: a.type, name: a.name, version: a.version, height: a.height };
    case 'irregular.transfer':
      return {
        type: a.type,
        moves: a.moves.map((m) => ({
          from: formatAddress(m.from),
          to: formatAddress(m.to),
          amount: m.amount.toString(),
        })),
      };
  }
}

/** One chamber's count. */
export function chamberResultToJson(r: ChamberResult): Record<string, unknown> {
  return {
    chamber: r.chamber,
    eligible: r.eligible.toString(),
    yes: r.yes.toString(),
    no: r.no.toString(),
    abstain: r.abstain.toString(),
    veto: r.veto.toString(),
    quorumBps: r.quorumBps,
    turnoutBps: r.turnoutBps,
    approved: r.approved,
    vetoed: r.vetoed,
  };
}

/** A proposal. */
export function proposalToJson(p: GovProposal): Record<string, unknown> {
  return {
    id: p.id,
    kind: p.kind,
    status: p.status,
    title: p.title,
    text: p.text,
    proposer: formatAddress(p.proposer),
    action: actionToJson(p.action),
    policy: policyToJson(p.policy),
    deposit: p.deposit.toString(),
    depositors: p.depositors.map((d) => ({
      depositor: formatAddress(d.depositor),
      amount: d.amount.toString(),
    })),
    submitTimeMs: p.submitTimeMs,
    depositEndMs: p.depositEndMs,
    votingEndMs: p.votingEndMs ?? null,
    results: p.results.map(chamberResultToJson),
    decidedTimeMs: p.decidedTimeMs ?? null,
    enactAtMs: p.enactAtMs ?? null,
    enactedHeight: p.enactedHeight ?? null,
    elected: p.elected.map((c) => formatAddress(c)),
    outcome: p.outcome,
  };
}

/** Governance's state. */
export function govStateToJson(g: GovernanceState): Record<string, unknown> {
  return {
    mode: g.mode,
    params: governanceParamsToJson(g.params),
    nextProposalId: g.nextProposalId,
    turnoutAverageBps: g.turnoutAverageBps,
    active: g.active,
    council: g.council.map((s) => ({
      holder: formatAddress(s.holder),
      termEndMs: s.termEndMs,
      consecutiveTerms: s.consecutiveTerms,
    })),
    pauses: g.pauses.map((p) => ({
      module: p.module,
      untilMs: p.untilMs ?? null,
      proposal: p.proposal,
    })),
    constitution: { hash: toHex(g.constitution.hash), url: g.constitution.url },
    upgrade:
      g.upgrade === undefined
        ? null
        : {
            name: g.upgrade.name,
            version: g.upgrade.version,
            height: g.upgrade.height,
            proposal: g.upgrade.proposal,
          },
    applied: g.applied.map((a) => ({ name: a.name, height: a.height, proposal: a.proposal })),
  };
}

/** Capture metrics. */
export function captureToJson(c: CaptureSummary): Record<string, unknown> {
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
  };
}

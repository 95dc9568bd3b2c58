// Governance routes: the governance state, proposals (with their count as it stands), ballots, the
// chambers' rolls and the capture metrics with their history. Every state value can be read with
// `prove=true` (and at an earlier `height`): the response then carries the value's canonical bytes
// (`encoded`) and a state proof against that height's header, which the typed client verifies.
import { addressSizeBytes, formatAddress } from '../../crypto/index.ts';
import { polityError, toBase64 } from '../../lib/index.ts';
import { decode, fixedBytes } from '../../codec/index.ts';
import {
  ballotCodec,
  captureCodec,
  chambers,
  governanceKeys,
  governanceStateCodec,
  govProposalCodec,
  memberRollCodec,
  stakeRollCodec,
  type Chamber,
} from '../../execution/index.ts';
import { captureToJson, chamberResultToJson, govStateToJson, proposalToJson } from '../govJson.ts';
import { addressParam } from '../params.ts';
import { proofToJson } from '../toJson.ts';
import { responses, schemaParts, addressSchema } from '../schemas.ts';
import type { ProvenValue } from '../service.ts';
import type { RouteContext } from './context.ts';

const { obj } = schemaParts;
const heightSchema = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER };
const idSchema = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER };
const readQuery = obj({ prove: { type: 'boolean', default: false }, height: heightSchema }, [
  'prove',
  'height',
]);
// Governance documents are described in docs/spec/governance.md; their JSON is open-ended here.
const documentSchema = {
  type: 'object',
  additionalProperties: true,
  description: 'see docs/spec/governance.md',
};
const addressCodec = fixedBytes(addressSizeBytes);

function proven(
  value: ProvenValue<Uint8Array>,
  name: string,
  toJson: (raw: Uint8Array) => unknown,
): Record<string, unknown> {
  return {
    height: value.height,
    [name]: value.value === undefined ? null : toJson(value.value),
    encoded: value.value === undefined ? null : toBase64(value.value),
    proof: proofToJson(value) ?? null,
  };
}

function chamberParam(value: string): Chamber {
  if (!(chambers as readonly string[]).includes(value))
    throw polityError(
      'invalid_chamber',
      'invalid',
      `"${value}" is not a chamber; use stake, members or maintainers.`,
    );
  return value as Chamber;
}

/** GET /v1/governance, …/proposals, …/proposals/:id, …/ballots, …/chambers, …/capture. */
export function registerGovernanceRoutes({ app, service }: RouteContext): void {
  const governance = () => {
    const raw = service.stateValue(governanceKeys.state, false).value;
    if (raw === undefined)
      throw polityError(
        'governance_disabled',
        'not_found',
        'This chain has no governance section in its genesis.',
      );
    return decode(governanceStateCodec, raw);
  };

  app.get<{ Querystring: { prove: boolean; height?: number } }>(
    '/v1/governance',
    {
      schema: {
        summary: 'Governance state: parameters, council, open proposals, pauses, upgrade',
        tags: ['governance'],
        querystring: readQuery,
        response: responses(documentSchema),
      },
    },
    (request) =>
      proven(
        service.stateValue(governanceKeys.state, request.query.prove, request.query.height),
        'governance',
        (raw) => govStateToJson(decode(governanceStateCodec, raw)),
      ),
  );

  app.get<{ Querystring: { before?: number; limit: number } }>(
    '/v1/governance/proposals',
    {
      schema: {
        summary: 'Proposals, newest first',
        tags: ['governance'],
        querystring: obj(
          { before: idSchema, limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
          ['before', 'limit'],
        ),
        response: responses(documentSchema),
      },
    },
    (request) => {
      const next = governance().nextProposalId;
      const from = Math.min(request.query.before ?? next, next) - 1;
      const proposals: Record<string, unknown>[] = [];
      let id = from;
      for (; id >= 1 && proposals.length < request.query.limit; id--) {
        const raw = service.stateValue(governanceKeys.proposal(id), false).value;
        if (raw !== undefined) proposals.push(proposalToJson(decode(govProposalCodec, raw)));
      }
      return { proposals, nextBefore: id >= 1 ? id + 1 : null };
    },
  );

  app.get<{ Params: { id: number }; Querystring: { prove: boolean; height?: number } }>(
    '/v1/governance/proposals/:id',
    {
      schema: {
        summary: 'One proposal, with its count as it stands while voting',
        description:
          '`tally` is what ending the vote now would decide (null once decided: `proposal.results` holds the recorded count).',
        tags: ['governance'],
        params: obj({ id: idSchema }),
        querystring: readQuery,
        response: responses(documentSchema),
      },
    },
    (request) => {
      const { id } = request.params;
      const value = service.stateValue(
        governanceKeys.proposal(id),
        request.query.prove,
        request.query.height,
      );
      if (value.value === undefined)
        throw polityError(
          'proposal_not_found',
          'not_found',
          `There is no proposal ${id}. List them at /v1/governance/proposals.`,
        );
      const proposal = decode(govProposalCodec, value.value);
      const live = proposal.status === 'voting' ? service.liveTally(id) : undefined;
      return {
        ...proven(value, 'proposal', () => proposalToJson(proposal)),
        tally:
          live === undefined
            ? null
            : {
                outcome: live.outcome,
                note: live.note,
                elected: live.elected.map((c) => formatAddress(c)),
                results: live.results.map(chamberResultToJson),
              },
      };
    },
  );

  app.get<{
    Params: { id: number; chamber: string; address: string };
    Querystring: { prove: boolean; height?: number };
  }>(
    '/v1/governance/proposals/:id/ballots/:chamber/:address',
    {
      schema: {
        summary: "A voter's own ballot on a proposal in a chamber (null if it did not vote)",
        tags: ['governance'],
        params: obj({ id: idSchema, chamber: { type: 'string' }, address: addressSchema }),
        querystring: readQuery,
        response: responses(documentSchema),
      },
    },
    (request) => {
      const chamber = chamberParam(request.params.chamber);
      const voter = addressParam(request.params.address);
      return proven(
        service.stateValue(
          governanceKeys.vote(request.params.id, chamber, voter),
          request.query.prove,
          request.query.height,
        ),
        'ballot',
        (raw) => {
          const b = decode(ballotCodec, raw);
          return { choice: b.choice, candidates: b.candidates.map((c) => formatAddress(c)) };
        },
      );
    },
  );

  app.get(
    '/v1/governance/chambers',
    {
      schema: {
        summary: 'Who votes in each chamber: stake holders, members (with delegates), the council',
        tags: ['governance'],
        response: responses(documentSchema),
      },
    },
    () => {
      const gov = governance();
      const read = (key: Uint8Array) => service.stateValue(key, false).value;
      const stakeRaw = read(governanceKeys.stakeRoll);
      const memberRaw = read(governanceKeys.memberRoll);
      const members = memberRaw === undefined ? [] : decode(memberRollCodec, memberRaw);
      return {
        mode: gov.mode,
        stake: (stakeRaw === undefined ? [] : decode(stakeRollCodec, stakeRaw)).map((h) => ({
          holder: formatAddress(h.holder),
          entity: h.entity,
          weight: h.weight.toString(),
        })),
        members: members.map((m) => {
          const to = read(governanceKeys.memberDelegate(m));
          return {
            member: formatAddress(m),
            delegate: to === undefined ? null : formatAddress(decode(addressCodec, to)),
          };
        }),
        maintainers: govStateToJson(gov)['council'],
      };
    },
  );

  app.get<{ Querystring: { prove: boolean; height?: number } }>(
    '/v1/governance/capture',
    {
      schema: {
        summary: 'Capture metrics: Nakamoto coefficients per chamber, smallest coalitions per kind',
        description:
          'Recomputed at the end of every block that changes who votes; `capture.height` is that block. With `height`, the metrics in force at that height.',
        tags: ['governance'],
        querystring: readQuery,
        response: responses(documentSchema),
      },
    },
    (request) =>
      proven(
        service.stateValue(governanceKeys.capture, request.query.prove, request.query.height),
        'capture',
        (raw) => captureToJson(decode(captureCodec, raw)),
      ),
  );

  app.get<{ Querystring: { before?: number; limit: number } }>(
    '/v1/governance/capture/history',
    {
      schema: {
        summary: 'Every change of the capture metrics, newest first',
        description:
          'Each entry is the metrics computed at the end of block `height`; `nextBefore` continues the listing.',
        tags: ['governance'],
        querystring: obj(
          {
            before: heightSchema,
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          },
          ['before', 'limit'],
        ),
        response: responses(documentSchema),
      },
    },
    (request) => {
      const latest = service.status().latestHeight;
      let at = Math.min(latest, (request.query.before ?? latest + 1) - 1);
      const entries: Record<string, unknown>[] = [];
      while (at >= 1 && entries.length < request.query.limit) {
        const raw = service.stateValue(governanceKeys.capture, false, at).value;
        if (raw === undefined) {
          at = 0;
          break;
        }
        const c = decode(captureCodec, raw);
        entries.push(captureToJson(c));
        at = c.height - 1;
      }
      return { entries, nextBefore: at >= 1 ? at + 1 : null };
    },
  );
}

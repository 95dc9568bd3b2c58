// Governance routes: the governance state, proposals (with their count as it stands), ballots, the
// chambers' rolls and the capture metrics with their history.
import { addressCodec } from '../../crypto/index.ts';
import { toBase64 } from '../../lib/index.ts';
import { decode } from '../../codec/index.ts';
import {
  ballotCodec,
  captureCodec,
  governanceErrors,
  governanceKeys,
  governanceStateCodec,
  govProposalCodec,
  memberRollCodec,
  stakeHolderCodec,
  stakeHolders,
  seatCodec,
} from '../../execution/index.ts';
import { addressParam, chamberParam, pageSizeDefault } from '../params.ts';
import type { RouteModule } from '../routes/context.ts';
import { handle } from '../routes/route.ts';
import type { ProvenValue } from '../service.ts';
import { proofToJson } from '../shapes/chainJson.ts';
import {
  governanceComponents,
  governanceSpecs,
  type CaptureJson,
  type ProposalJson,
} from './specs.ts';
import {
  ballotToJson,
  captureToJson,
  govStateToJson,
  proposalToJson,
  tallyToJson,
} from './toJson.ts';

// The parts every proved read shares: the height, the canonical bytes and the proof if asked.
function provenParts(value: ProvenValue<Uint8Array>) {
  return {
    height: value.height,
    encoded: value.value === undefined ? null : toBase64(value.value),
    proof: proofToJson(value) ?? null,
  };
}

/** GET /v1/governance, …/proposals, …/proposals/:id, …/ballots, …/chambers, …/capture. */
export const governanceRoutes: RouteModule = {
  tag: 'governance',
  description:
    'Proposals, counts, ballots, the chambers and capture metrics; proved reads with prove=true (docs/spec/governance.md).',
  components: governanceComponents,
  specs: governanceSpecs,
  register({ app, service }) {
    const governance = () => {
      const raw = service.stateValue(governanceKeys.state, false).value;
      if (raw === undefined) throw governanceErrors.governance_disabled();
      return decode(governanceStateCodec, raw);
    };

    handle(app, governanceSpecs.state, ({ query }) => {
      const value = service.stateValue(governanceKeys.state, query.prove === true, query.height);
      return {
        ...provenParts(value),
        governance:
          value.value === undefined
            ? null
            : govStateToJson(decode(governanceStateCodec, value.value)),
      };
    });

    handle(app, governanceSpecs.proposals, ({ query }) => {
      const next = governance().nextProposalId;
      const limit = query.limit ?? pageSizeDefault;
      const proposals: ProposalJson[] = [];
      let id = Math.min(query.before ?? next, next) - 1;
      for (; id >= 1 && proposals.length < limit; id--) {
        const raw = service.stateValue(governanceKeys.proposal(id), false).value;
        if (raw !== undefined) proposals.push(proposalToJson(decode(govProposalCodec, raw)));
      }
      return { proposals, nextBefore: id >= 1 ? id + 1 : null };
    });

    handle(app, governanceSpecs.proposal, ({ params, query }) => {
      const { id } = params;
      const value = service.stateValue(
        governanceKeys.proposal(id),
        query.prove === true,
        query.height,
      );
      if (value.value === undefined) throw governanceErrors.proposal_not_found({ id });
      const proposal = decode(govProposalCodec, value.value);
      const live = proposal.status === 'voting' ? service.liveTally(id) : undefined;
      return {
        ...provenParts(value),
        proposal: proposalToJson(proposal),
        tally: live === undefined ? null : tallyToJson(live),
      };
    });

    handle(app, governanceSpecs.ballot, ({ params, query }) => {
      const chamber = chamberParam(params.chamber);
      const voter = addressParam(params.address);
      const key = governanceKeys.vote(params.id, chamber, voter);
      const value = service.stateValue(key, query.prove === true, query.height);
      return {
        ...provenParts(value),
        ballot: value.value === undefined ? null : ballotToJson(decode(ballotCodec, value.value)),
      };
    });

    handle(app, governanceSpecs.chambers, () => {
      const gov = governance();
      const read = (key: Uint8Array) => service.stateValue(key, false).value;
      // The chamber as it votes (a public chain's is its bonded stake, not a stored roll).
      const stake = stakeHolders({ get: read }, gov, service.validators());
      const memberRaw = read(governanceKeys.memberRoll);
      const members = memberRaw === undefined ? [] : decode(memberRollCodec, memberRaw);
      return {
        mode: gov.mode,
        stake: stake.map((h) => stakeHolderCodec.toJson(h)),
        members: members.map((m) => {
          const to = read(governanceKeys.memberDelegate(m));
          return {
            member: addressCodec.toJson(m),
            delegate: to === undefined ? null : addressCodec.toJson(decode(addressCodec, to)),
          };
        }),
        maintainers: gov.council.map((s) => seatCodec.toJson(s)),
      };
    });

    handle(app, governanceSpecs.capture, ({ query }) => {
      const value = service.stateValue(governanceKeys.capture, query.prove === true, query.height);
      return {
        ...provenParts(value),
        capture:
          value.value === undefined ? null : captureToJson(decode(captureCodec, value.value)),
      };
    });

    handle(app, governanceSpecs.captureHistory, ({ query }) => {
      const latest = service.status().latestHeight;
      const limit = query.limit ?? pageSizeDefault;
      let at = Math.min(latest, (query.before ?? latest + 1) - 1);
      const entries: CaptureJson[] = [];
      while (at >= 1 && entries.length < limit) {
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
    });
  },
};

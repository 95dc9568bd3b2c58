// The typed client's governance reads. With `prove`, the value's bytes are verified against a
// committed header and the answer's value is rebuilt from those bytes, so nothing in it is taken
// on the node's word.
import { decode } from '../../codec/index.ts';
import { parseAddress } from '../../crypto/index.ts';
import {
  ballotCodec,
  captureCodec,
  governanceKeys,
  governanceStateCodec,
  govProposalCodec,
} from '../../execution/index.ts';
import { apiErrors } from '../errors.ts';
import type { ClientContext, PageOptions } from '../client/context.ts';
import { verifyGovernanceValue } from '../client/verify.ts';
import { chamberParam } from '../params.ts';
import type { ProofJson } from '../shapes/common.ts';
import {
  governanceSpecs,
  type BallotReadJson,
  type CaptureHistoryJson,
  type CaptureReadJson,
  type ChambersJson,
  type GovernanceReadJson,
  type ProposalPageJson,
  type ProposalReadJson,
} from './specs.ts';
import { ballotToJson, captureToJson, govStateToJson, proposalToJson } from './toJson.ts';

/** Options of a governance read. */
export interface GovReadOptions {
  readonly prove?: boolean;
  /** Read as of this committed height. */
  readonly height?: number | undefined;
}

/** The governance reads of the typed client. */
export interface GovernanceClient {
  /** Governance state; with `prove`, verified and rebuilt from the proved bytes. */
  governance(options?: GovReadOptions): Promise<GovernanceReadJson>;
  proposals(options?: PageOptions): Promise<ProposalPageJson>;
  /** A proposal (with its live count while voting); with `prove`, verified. */
  proposal(id: number, options?: GovReadOptions): Promise<ProposalReadJson>;
  /** A voter's own ballot; with `prove`, verified (a proof of absence when it did not vote). */
  ballot(
    id: number,
    chamber: string,
    address: string,
    options?: GovReadOptions,
  ): Promise<BallotReadJson>;
  chambers(): Promise<ChambersJson>;
  /** Capture metrics; with `prove`, verified. */
  capture(options?: GovReadOptions): Promise<CaptureReadJson>;
  captureHistory(options?: PageOptions): Promise<CaptureHistoryJson>;
}

function readQuery(opts: GovReadOptions): { prove?: boolean; height?: number } {
  return {
    ...(opts.prove === true ? { prove: true } : {}),
    ...(opts.height === undefined ? {} : { height: opts.height }),
  };
}

/** The governance methods over `ctx`. */
export function governanceClient(ctx: ClientContext): GovernanceClient {
  // The proved bytes of an answer (undefined: proved absent); throws proof_invalid otherwise.
  const proved = async (
    key: Uint8Array,
    body: {
      readonly height: number;
      readonly encoded: string | null;
      readonly proof: ProofJson | null;
    },
  ): Promise<Uint8Array | undefined> =>
    verifyGovernanceValue(key, body, await ctx.trusted(), ctx.chainId);

  return {
    async governance(opts = {}) {
      const body = await ctx.call(governanceSpecs.state, { query: readQuery(opts) });
      if (opts.prove !== true) return body;
      const raw = await proved(governanceKeys.state, body);
      const governance =
        raw === undefined ? null : govStateToJson(decode(governanceStateCodec, raw));
      return { ...body, governance };
    },
    proposals: (opts = {}) => ctx.call(governanceSpecs.proposals, { query: opts }),
    async proposal(id, opts = {}) {
      const body = await ctx.call(governanceSpecs.proposal, {
        params: { id },
        query: readQuery(opts),
      });
      if (opts.prove !== true) return body;
      const raw = await proved(governanceKeys.proposal(id), body);
      if (raw === undefined)
        throw apiErrors.proof_invalid({ reason: `the node proved no proposal ${id}` });
      return { ...body, proposal: proposalToJson(decode(govProposalCodec, raw)) };
    },
    async ballot(id, chamber, address, opts = {}) {
      const key = governanceKeys.vote(id, chamberParam(chamber), parseAddress(address));
      const body = await ctx.call(governanceSpecs.ballot, {
        params: { id, chamber, address },
        query: readQuery(opts),
      });
      if (opts.prove !== true) return body;
      const raw = await proved(key, body);
      return { ...body, ballot: raw === undefined ? null : ballotToJson(decode(ballotCodec, raw)) };
    },
    chambers: () => ctx.call(governanceSpecs.chambers),
    async capture(opts = {}) {
      const body = await ctx.call(governanceSpecs.capture, { query: readQuery(opts) });
      if (opts.prove !== true) return body;
      const raw = await proved(governanceKeys.capture, body);
      return {
        ...body,
        capture: raw === undefined ? null : captureToJson(decode(captureCodec, raw)),
      };
    },
    captureHistory: (opts = {}) => ctx.call(governanceSpecs.captureHistory, { query: opts }),
  };
}

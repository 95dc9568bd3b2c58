// Governance's state: reading and writing its values through the overlay.
import { type Chamber } from './types.ts';
import {
  ballotCodec,
  governanceKeys,
  governanceStateCodec,
  govProposalCodec,
  memberRollCodec,
  stakeRollCodec,
  type Ballot,
  type GovernanceState,
  type GovProposal,
  type StakeHolder,
} from './state.ts';
import type { StateOverlay, StateReader } from '../overlay.ts';
import { encode, decode } from '../../codec/index.ts';
import { addressCodec } from '../../crypto/index.ts';
import { governanceErrors } from './errors.ts';

/** Governance's own state, or undefined on a chain without governance. */
export function readGovState(state: StateReader): GovernanceState | undefined {
  const raw = state.get(governanceKeys.state);
  return raw === undefined ? undefined : decode(governanceStateCodec, raw);
}

/** Writes governance's own state. */
export function writeGovState(state: StateOverlay, gov: GovernanceState): void {
  state.set(governanceKeys.state, encode(governanceStateCodec, gov));
}

/** A proposal; throws `proposal_not_found`. */
export function readProposal(state: StateReader, id: number): GovProposal {
  const raw = state.get(governanceKeys.proposal(id));
  if (raw === undefined) throw governanceErrors.proposal_not_found({ id });
  return decode(govProposalCodec, raw);
}

/** A proposal, or undefined. */
export function findProposal(state: StateReader, id: number): GovProposal | undefined {
  const raw = state.get(governanceKeys.proposal(id));
  return raw === undefined ? undefined : decode(govProposalCodec, raw);
}

/** Writes a proposal. */
export function writeProposal(state: StateOverlay, p: GovProposal): void {
  state.set(governanceKeys.proposal(p.id), encode(govProposalCodec, p));
}

/** A voter's ballot on a proposal in a chamber. */
export function readBallot(
  state: StateReader,
  id: number,
  chamber: Chamber,
  voter: Uint8Array,
): Ballot | undefined {
  const raw = state.get(governanceKeys.vote(id, chamber, voter));
  return raw === undefined ? undefined : decode(ballotCodec, raw);
}

/** Records (or replaces) a ballot. */
export function writeBallot(
  state: StateOverlay,
  id: number,
  chamber: Chamber,
  voter: Uint8Array,
  ballot: Ballot,
): void {
  state.set(governanceKeys.vote(id, chamber, voter), encode(ballotCodec, ballot));
}

/** The stake holders of a consortium chain. */
export function readStakeRoll(state: StateReader): readonly StakeHolder[] {
  const raw = state.get(governanceKeys.stakeRoll);
  return raw === undefined ? [] : decode(stakeRollCodec, raw);
}

/** Writes the stake roll. */
export function writeStakeRoll(state: StateOverlay, roll: readonly StakeHolder[]): void {
  state.set(governanceKeys.stakeRoll, encode(stakeRollCodec, roll));
}

/** The admitted members. */
export function readMemberRoll(state: StateReader): readonly Uint8Array[] {
  const raw = state.get(governanceKeys.memberRoll);
  return raw === undefined ? [] : decode(memberRollCodec, raw);
}

/** Writes the member roll. */
export function writeMemberRoll(state: StateOverlay, roll: readonly Uint8Array[]): void {
  state.set(governanceKeys.memberRoll, encode(memberRollCodec, roll));
}

/** The member `member` delegates its vote to, if any. */
export function readMemberDelegate(state: StateReader, member: Uint8Array): Uint8Array | undefined {
  const raw = state.get(governanceKeys.memberDelegate(member));
  return raw === undefined ? undefined : decode(addressCodec, raw);
}

/** Sets or clears a member's delegate. */
export function writeMemberDelegate(
  state: StateOverlay,
  member: Uint8Array,
  to: Uint8Array | undefined,
): void {
  state.set(
    governanceKeys.memberDelegate(member),
    to === undefined ? undefined : encode(addressCodec, to),
  );
}

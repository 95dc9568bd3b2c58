// What the driver holds for the height it is deciding: the validator set, the vote keeper, the
// proposals and valid blocks seen, the machine's state, and this node's own latest messages.
import { toHex } from '../lib/index.ts';
import type { SignedProposal, Validator } from '../types/index.ts';
import type { Application, BlockCandidate } from './application.ts';
import type { ProposalView } from './conditions.ts';
import { initialMachineState, type MachineState, type ValueId } from './machine.ts';
import type { ConsensusMessage } from './messages.ts';
import { createVoteKeeper, type VoteKeeper } from './voteKeeper.ts';

/** A proposal received for one round, with what is known about its block. */
export interface ProposalEntry extends ProposalView {
  readonly signed: SignedProposal;
}

/** The slots of `HeightState.own`: this node's latest message of each kind. */
export type OwnSlot = 'proposal' | 'prevote' | 'precommit';

/** Everything the driver holds for its current height. */
export interface HeightState {
  readonly height: number;
  readonly validators: readonly Validator[];
  readonly byAddress: ReadonlyMap<string, Validator>;
  readonly keeper: VoteKeeper;
  readonly proposals: Map<number, ProposalEntry>;
  /** Valid blocks by value, from any round, so a decided or re-proposed value can be found. */
  readonly candidates: Map<ValueId, BlockCandidate>;
  machine: MachineState;
  /** False until round 0 starts (the pause after the previous commit). */
  started: boolean;
  /** This node's latest signed messages of the height, re-sent when progress stalls. */
  readonly own: Map<OwnSlot, ConsensusMessage>;
  /**
   * The block this validator proposes (or was about to) in each round, by round, as recorded in
   * the WAL before its proposal was signed: after a restart it proposes that block again.
   */
  readonly ownBlocks: Map<number, Uint8Array>;
  /**
   * The prevotes proving the polka of this node's latest own proposal when it re-proposes a value
   * (its polRound), re-sent with it: a peer that missed them could not accept it (line 28).
   */
  ownProposalPol: readonly ConsensusMessage[];
  /**
   * Rounds whose propose timeout fired while their proposal was still being validated: the
   * timeout takes effect once the verdict is in (see roundTimeouts.ts).
   */
  readonly proposeTimeoutsDeferred: Set<number>;
}

/** The state of the height after the application's tip. */
export function createHeightState(app: Application): HeightState {
  const height = app.tip().height + 1;
  const validators = app.validatorsAt(height) ?? [];
  return {
    height,
    validators,
    byAddress: new Map(validators.map((v) => [toHex(v.address), v])),
    keeper: createVoteKeeper(validators),
    proposals: new Map(),
    candidates: new Map(),
    machine: initialMachineState(height),
    started: false,
    own: new Map(),
    ownBlocks: new Map(),
    ownProposalPol: [],
    proposeTimeoutsDeferred: new Set(),
  };
}

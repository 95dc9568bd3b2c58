// The Tendermint consensus algorithm for one height as a pure reducer: `step(state, input)`
// returns the next state and what to do, with no timers, awaits or I/O. Inputs are the paper's
// "upon" conditions already evaluated by the driver (proposals joined with vote thresholds from
// the vote keeper); each branch below cites the line of Algorithm 1 in Buchman, Kwon, Milosevic,
// "The latest gossip on BFT consensus" (arXiv:1807.04938). docs/spec/consensus.md has the
// pseudocode and the deviations. Values are block hashes in hex.

/** Where a validator is within a round. `commit`: a value was decided; the height is over. */
export type Step = 'propose' | 'prevote' | 'precommit' | 'commit';

/** A value: the hex hash of a block. */
export type ValueId = string;

/** The per-height state of the paper's process p. */
export interface MachineState {
  readonly height: number;
  /** round_p; -1 until the first `newRound`. */
  readonly round: number;
  readonly step: Step;
  readonly lockedValue: ValueId | undefined;
  readonly lockedRound: number;
  readonly validValue: ValueId | undefined;
  readonly validRound: number;
  readonly decision: ValueId | undefined;
  /** Guards for the paper's "for the first time" (lines 34, 36, 47) and for proposing once. */
  readonly prevoteTimeoutRound: number;
  readonly polkaCurrentRound: number;
  readonly precommitTimeoutRound: number;
  readonly proposedRound: number;
}

/** The events that drive the machine (see docs/spec/consensus.md for which line each serves). */
export type MachineInput =
  | { readonly type: 'newRound'; readonly round: number; readonly proposer: boolean }
  | { readonly type: 'proposeValue'; readonly round: number; readonly value: ValueId }
  | {
      readonly type: 'proposal';
      readonly round: number;
      readonly value: ValueId;
      readonly valid: boolean;
    }
  | {
      readonly type: 'proposalAndPolkaPrevious';
      readonly round: number;
      readonly value: ValueId;
      readonly polRound: number;
      readonly valid: boolean;
    }
  | { readonly type: 'polkaAny'; readonly round: number }
  | { readonly type: 'proposalAndPolkaCurrent'; readonly round: number; readonly value: ValueId }
  | { readonly type: 'polkaNil'; readonly round: number }
  | { readonly type: 'precommitAny'; readonly round: number }
  | { readonly type: 'proposalAndPrecommitValue'; readonly round: number; readonly value: ValueId }
  | { readonly type: 'skipRound'; readonly round: number }
  | { readonly type: 'timeoutPropose'; readonly round: number }
  | { readonly type: 'timeoutPrevote'; readonly round: number }
  | { readonly type: 'timeoutPrecommit'; readonly round: number }
  /**
   * Not in the paper (restart recovery): this validator's own signed precommit for `value` in
   * `round` survived a restart (in its WAL or its double-sign guard's record), so it had locked
   * on `value` there (line 38) and must stay locked.
   */
  | { readonly type: 'restoreLock'; readonly round: number; readonly value: ValueId };

/** What the driver must do. */
export type MachineOutput =
  /** Line 18: ask the application for a new block to propose in `round`. */
  | { readonly type: 'getValue'; readonly round: number }
  /** Line 19: broadcast PROPOSAL(h, round, value, polRound). */
  | {
      readonly type: 'propose';
      readonly round: number;
      readonly value: ValueId;
      readonly polRound: number;
    }
  | {
      readonly type: 'vote';
      readonly voteType: 'prevote' | 'precommit';
      readonly round: number;
      readonly value: ValueId | undefined;
    }
  | {
      readonly type: 'scheduleTimeout';
      readonly kind: 'propose' | 'prevote' | 'precommit';
      readonly round: number;
    }
  /** Lines 55 and 65: the driver must feed `newRound` for this round (it knows the proposer). */
  | { readonly type: 'startRound'; readonly round: number }
  /** Line 49: the value is decided at `round`. */
  | { readonly type: 'decide'; readonly round: number; readonly value: ValueId };

/** A transition: the next state and the outputs, in order. */
export interface Transition {
  readonly state: MachineState;
  readonly outputs: readonly MachineOutput[];
}

/** The state of a fresh height, before round 0 starts (line 10 resets locks per height). */
export function initialMachineState(height: number): MachineState {
  return {
    height,
    round: -1,
    step: 'propose',
    lockedValue: undefined,
    lockedRound: -1,
    validValue: undefined,
    validRound: -1,
    decision: undefined,
    prevoteTimeoutRound: -1,
    polkaCurrentRound: -1,
    precommitTimeoutRound: -1,
    proposedRound: -1,
  };
}

const unchanged = (state: MachineState): Transition => ({ state, outputs: [] });

const stepOrder: Readonly<Record<Step, number>> = {
  propose: 0,
  prevote: 1,
  precommit: 2,
  commit: 3,
};

/** Applies one input. Inputs that do not apply in the current state change nothing. */
export function step(state: MachineState, input: MachineInput): Transition {
  if (state.step === 'commit') return unchanged(state); // the height is decided
  switch (input.type) {
    case 'newRound':
      return startRound(state, input.round, input.proposer);
    case 'proposeValue':
      // Lines 17-19: the value returned by getValue() is proposed, once per round.
      if (input.round !== state.round || state.step !== 'propose') return unchanged(state);
      if (state.proposedRound === state.round) return unchanged(state);
      return {
        state: { ...state, proposedRound: state.round },
        outputs: [{ type: 'propose', round: state.round, value: input.value, polRound: -1 }],
      };
    case 'proposal':
      return onProposal(state, input.round, input.value, input.valid);
    case 'proposalAndPolkaPrevious':
      return onProposalAndPolkaPrevious(state, input);
    case 'polkaAny':
      // Lines 34-35: +2/3 prevotes for anything, first time in this round while in prevote.
      if (input.round !== state.round || state.step !== 'prevote') return unchanged(state);
      if (state.prevoteTimeoutRound === state.round) return unchanged(state);
      return {
        state: { ...state, prevoteTimeoutRound: state.round },
        outputs: [{ type: 'scheduleTimeout', kind: 'prevote', round: state.round }],
      };
    case 'proposalAndPolkaCurrent':
      return onPolkaCurrent(state, input.round, input.value);
    case 'polkaNil':
      // Lines 44-46: +2/3 prevotes for nil while in prevote: precommit nil.
      if (input.round !== state.round || state.step !== 'prevote') return unchanged(state);
      return precommit(state, undefined);
    case 'precommitAny':
      // Lines 47-48: +2/3 precommits for anything, first time in this round.
      if (input.round !== state.round || state.precommitTimeoutRound === state.round)
        return unchanged(state);
      return {
        state: { ...state, precommitTimeoutRound: state.round },
        outputs: [{ type: 'scheduleTimeout', kind: 'precommit', round: state.round }],
      };
    case 'proposalAndPrecommitValue':
      // Lines 49-54: a valid proposal with +2/3 precommits for it, in any round: decide. The
      // driver commits the block and starts the next height with a fresh state (lines 52-54).
      if (state.decision !== undefined) return unchanged(state);
      return {
        state: { ...state, decision: input.value, step: 'commit' },
        outputs: [{ type: 'decide', round: input.round, value: input.value }],
      };
    case 'skipRound':
      // Lines 55-56: f+1 validators are in a higher round: join it.
      if (input.round <= state.round) return unchanged(state);
      return { state, outputs: [{ type: 'startRound', round: input.round }] };
    case 'timeoutPropose':
      // Lines 57-60: no acceptable proposal in time: prevote nil.
      if (input.round !== state.round || state.step !== 'propose') return unchanged(state);
      return prevote(state, undefined);
    case 'timeoutPrevote':
      // Lines 61-64: no +2/3 for one value in time: precommit nil.
      if (input.round !== state.round || state.step !== 'prevote') return unchanged(state);
      return precommit(state, undefined);
    case 'timeoutPrecommit':
      // Lines 65-67: no decision in this round: go to the next one.
      if (input.round !== state.round) return unchanged(state);
      return { state, outputs: [{ type: 'startRound', round: state.round + 1 }] };
    case 'restoreLock':
      // Lines 38-39 as they happened before the restart: a newer own precommit means a newer lock.
      if (input.round <= state.lockedRound) return unchanged(state);
      return {
        state: { ...state, lockedValue: input.value, lockedRound: input.round },
        outputs: [],
      };
  }
}

/** Lines 11-21: StartRound(round). */
function startRound(state: MachineState, round: number, proposer: boolean): Transition {
  if (round <= state.round) return unchanged(state);
  const next: MachineState = { ...state, round, step: 'propose' };
  if (!proposer) {
    // Line 21: wait for the proposer, but not forever.
    return { state: next, outputs: [{ type: 'scheduleTimeout', kind: 'propose', round }] };
  }
  // Deviation (liveness only): the proposer also arms its propose timeout, in case building a
  // block fails; its own proposal normally arrives long before.
  const timeout: MachineOutput = { type: 'scheduleTimeout', kind: 'propose', round };
  if (state.validValue !== undefined) {
    // Lines 14-15: re-propose the value that had a polka.
    return {
      state: { ...next, proposedRound: round },
      outputs: [
        { type: 'propose', round, value: state.validValue, polRound: state.validRound },
        timeout,
      ],
    };
  }
  // Lines 16-18: a fresh value from the application (answered with `proposeValue`).
  return { state: next, outputs: [{ type: 'getValue', round }, timeout] };
}

/** Lines 22-27: a proposal without a proof-of-lock round. */
function onProposal(
  state: MachineState,
  round: number,
  value: ValueId,
  valid: boolean,
): Transition {
  if (round !== state.round || state.step !== 'propose') return unchanged(state);
  const acceptable = valid && (state.lockedRound === -1 || state.lockedValue === value);
  return prevote(state, acceptable ? value : undefined);
}

/** Lines 28-33: a proposal re-proposing a value that had a polka in an earlier round. */
function onProposalAndPolkaPrevious(
  state: MachineState,
  input: Extract<MachineInput, { type: 'proposalAndPolkaPrevious' }>,
): Transition {
  if (input.round !== state.round || state.step !== 'propose') return unchanged(state);
  if (input.polRound < 0 || input.polRound >= state.round) return unchanged(state);
  const acceptable =
    input.valid && (state.lockedRound <= input.polRound || state.lockedValue === input.value);
  return prevote(state, acceptable ? input.value : undefined);
}

/** Lines 36-43: a valid proposal with a polka in the current round, first time. */
function onPolkaCurrent(state: MachineState, round: number, value: ValueId): Transition {
  if (round !== state.round || stepOrder[state.step] < stepOrder.prevote) return unchanged(state);
  if (state.polkaCurrentRound === round) return unchanged(state);
  const marked: MachineState = {
    ...state,
    polkaCurrentRound: round,
    validValue: value, // line 42
    validRound: round, // line 43
  };
  if (state.step !== 'prevote') return { state: marked, outputs: [] };
  // Lines 38-41: lock on the value and precommit it.
  return precommit({ ...marked, lockedValue: value, lockedRound: round }, value);
}

function prevote(state: MachineState, value: ValueId | undefined): Transition {
  return {
    state: { ...state, step: 'prevote' },
    outputs: [{ type: 'vote', voteType: 'prevote', round: state.round, value }],
  };
}

function precommit(state: MachineState, value: ValueId | undefined): Transition {
  return {
    state: { ...state, step: 'precommit' },
    outputs: [{ type: 'vote', voteType: 'precommit', round: state.round, value }],
  };
}

// Evaluates the paper's "upon" conditions for one height: it joins what is known about proposals
// (and whether their blocks are valid) with the vote keeper's thresholds and lists the machine
// inputs that hold now. The machine itself ignores those that do not apply to its step, so this
// function may list more than will fire; it is pure and cheap (a few map lookups per round).
import type { MachineInput, MachineState, ValueId } from './machine.ts';
import type { VoteKeeper } from './voteKeeper.ts';

/** What the driver knows about the proposal of one round. */
export interface ProposalView {
  readonly value: ValueId;
  readonly polRound: number;
  /** Undefined while the block is still being validated. */
  readonly valid: boolean | undefined;
}

/** Everything the conditions read. */
export interface ConditionsView {
  readonly machine: MachineState;
  readonly keeper: VoteKeeper;
  readonly proposals: ReadonlyMap<number, ProposalView>;
  /** Values whose block is known and valid, whatever round proposed them. */
  readonly validValues: ReadonlySet<ValueId>;
}

/** The machine inputs whose conditions hold, decision first. */
export function pendingInputs(view: ConditionsView): MachineInput[] {
  const { machine, keeper, proposals, validValues } = view;
  const inputs: MachineInput[] = [];
  // Line 49, in any round: +2/3 precommits for a value whose block we hold and found valid.
  if (machine.decision === undefined) {
    for (const round of keeper.rounds()) {
      const quorum = keeper.precommitQuorum(round);
      if (quorum?.value !== undefined && validValues.has(quorum.value)) {
        inputs.push({ type: 'proposalAndPrecommitValue', round, value: quorum.value });
        return inputs;
      }
    }
  }
  // Line 55: more than 1/3 of the power speaks in a higher round.
  const skip = keeper.skipRound(machine.round);
  if (skip !== undefined) inputs.push({ type: 'skipRound', round: skip });

  const round = machine.round;
  if (round < 0) return inputs;
  const proposal = proposals.get(round);
  if (proposal !== undefined && proposal.valid !== undefined) {
    if (proposal.polRound === -1) {
      // Line 22.
      inputs.push({
        type: 'proposal',
        round,
        value: proposal.value,
        valid: proposal.valid,
      });
    } else if (
      proposal.polRound < round &&
      keeper.polka(proposal.polRound)?.value === proposal.value
    ) {
      // Line 28.
      inputs.push({
        type: 'proposalAndPolkaPrevious',
        round,
        value: proposal.value,
        polRound: proposal.polRound,
        valid: proposal.valid,
      });
    }
  }
  // Line 34.
  if (keeper.polkaAny(round)) inputs.push({ type: 'polkaAny', round });
  const polka = keeper.polka(round);
  // Line 36.
  if (proposal?.valid === true && polka !== undefined && polka.value === proposal.value) {
    inputs.push({ type: 'proposalAndPolkaCurrent', round, value: proposal.value });
  }
  // Line 44.
  if (polka !== undefined && polka.value === undefined) inputs.push({ type: 'polkaNil', round });
  // Line 47.
  if (keeper.precommitAny(round)) inputs.push({ type: 'precommitAny', round });
  return inputs;
}

// The reducer against Algorithm 1 of arXiv:1807.04938: every line the machine implements has a test
// named after it, plus locking and unlocking across rounds, the "for the first time" guards, round
// skipping, timeouts, and the restart-recovery input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  initialMachineState,
  step,
  type MachineInput,
  type MachineOutput,
  type MachineState,
} from './machine.ts';

const A = 'aa'.repeat(32);
const B = 'bb'.repeat(32);

/** Applies inputs in order; returns the final state and every output, in order. */
function run(
  state: MachineState,
  ...inputs: MachineInput[]
): { state: MachineState; outputs: MachineOutput[] } {
  const outputs: MachineOutput[] = [];
  for (const input of inputs) {
    const t = step(state, input);
    state = t.state;
    outputs.push(...t.outputs);
  }
  return { state, outputs };
}

/** A validator at round `round`, step propose, not the proposer. */
function atRound(round: number, from: MachineState = initialMachineState(7)): MachineState {
  return run(from, { type: 'newRound', round, proposer: false }).state;
}

/** A validator that prevoted in `round` (nil, after its propose timeout). */
function inPrevote(round: number, from?: MachineState): MachineState {
  return run(atRound(round, from), { type: 'timeoutPropose', round }).state;
}

/** A validator locked on `value` in `round` (proposal, prevote, polka: lines 22 and 36). */
function lockedOn(value: string, round: number, from?: MachineState): MachineState {
  return run(
    atRound(round, from),
    { type: 'proposal', round, value, valid: true },
    { type: 'proposalAndPolkaCurrent', round, value },
  ).state;
}

const vote = (
  voteType: 'prevote' | 'precommit',
  round: number,
  value: string | undefined,
): MachineOutput => ({ type: 'vote', voteType, round, value });

test('line 10: a new height starts without round, lock, valid value or decision', () => {
  const s = initialMachineState(3);
  assert.equal(s.height, 3);
  assert.equal(s.round, -1);
  assert.equal(s.lockedValue, undefined);
  assert.equal(s.lockedRound, -1);
  assert.equal(s.validValue, undefined);
  assert.equal(s.validRound, -1);
  assert.equal(s.decision, undefined);
});

test('lines 11-12, 21: StartRound sets the round and step; a non-proposer schedules TimeoutPropose', () => {
  const { state, outputs } = run(inPrevote(0), { type: 'newRound', round: 3, proposer: false });
  assert.equal(state.round, 3);
  assert.equal(state.step, 'propose');
  assert.deepEqual(outputs, [{ type: 'scheduleTimeout', kind: 'propose', round: 3 }]);
});

test('line 11: StartRound for a round not above the current one changes nothing', () => {
  const s = atRound(2);
  const t = step(s, { type: 'newRound', round: 2, proposer: true });
  assert.equal(t.state, s);
  assert.deepEqual(t.outputs, []);
  assert.equal(step(s, { type: 'newRound', round: 1, proposer: false }).state, s);
});

test('lines 16-19: the proposer without a valid value asks for one, then proposes it once', () => {
  const started = run(initialMachineState(1), { type: 'newRound', round: 0, proposer: true });
  assert.deepEqual(started.outputs, [
    { type: 'getValue', round: 0 },
    { type: 'scheduleTimeout', kind: 'propose', round: 0 },
  ]);
  const proposed = run(started.state, { type: 'proposeValue', round: 0, value: A });
  assert.deepEqual(proposed.outputs, [{ type: 'propose', round: 0, value: A, polRound: -1 }]);
  // Once per round, and only in the round it was asked for.
  assert.deepEqual(run(proposed.state, { type: 'proposeValue', round: 0, value: B }).outputs, []);
  assert.deepEqual(run(started.state, { type: 'proposeValue', round: 1, value: B }).outputs, []);
});

test('lines 14-15: a proposer with a valid value re-proposes it with its validRound', () => {
  // Valid value A from round 1 (line 42), then proposer of round 2.
  const s = lockedOn(A, 1);
  const { outputs } = run(s, { type: 'newRound', round: 2, proposer: true });
  assert.deepEqual(outputs, [
    { type: 'propose', round: 2, value: A, polRound: 1 },
    { type: 'scheduleTimeout', kind: 'propose', round: 2 },
  ]);
});

test('line 22: a valid proposal while unlocked gets a prevote for it (lines 23-24, 27)', () => {
  const { state, outputs } = run(atRound(0), { type: 'proposal', round: 0, value: A, valid: true });
  assert.deepEqual(outputs, [vote('prevote', 0, A)]);
  assert.equal(state.step, 'prevote');
});

test('line 22: an invalid proposal gets a nil prevote (line 25)', () => {
  const { outputs } = run(atRound(0), { type: 'proposal', round: 0, value: A, valid: false });
  assert.deepEqual(outputs, [vote('prevote', 0, undefined)]);
});

test('line 22: locked on another value prevotes nil; locked on the same value prevotes it', () => {
  const locked = run(lockedOn(A, 0), { type: 'newRound', round: 1, proposer: false }).state;
  assert.deepEqual(run(locked, { type: 'proposal', round: 1, value: B, valid: true }).outputs, [
    vote('prevote', 1, undefined),
  ]);
  assert.deepEqual(run(locked, { type: 'proposal', round: 1, value: A, valid: true }).outputs, [
    vote('prevote', 1, A),
  ]);
});

test('line 22: only in step propose of the current round', () => {
  const prevoted = inPrevote(0);
  assert.deepEqual(
    run(prevoted, { type: 'proposal', round: 0, value: A, valid: true }).outputs,
    [],
  );
  assert.deepEqual(
    run(atRound(1), { type: 'proposal', round: 0, value: A, valid: true }).outputs,
    [],
  );
});

test('line 28: a re-proposal whose polka round is at or above the lock unlocks it (prevote v)', () => {
  // Locked on A in round 0; B had a polka in round 1 (vr = 1 ≥ lockedRound 0): prevote B.
  const s = run(lockedOn(A, 0), { type: 'newRound', round: 2, proposer: false }).state;
  const { state, outputs } = run(s, {
    type: 'proposalAndPolkaPrevious',
    round: 2,
    value: B,
    polRound: 1,
    valid: true,
  });
  assert.deepEqual(outputs, [vote('prevote', 2, B)]);
  assert.equal(state.step, 'prevote');
});

test('line 28: locked in a round above vr on another value prevotes nil (lines 29-32)', () => {
  const s = run(lockedOn(A, 2), { type: 'newRound', round: 3, proposer: false }).state;
  const input: MachineInput = {
    type: 'proposalAndPolkaPrevious',
    round: 3,
    value: B,
    polRound: 1,
    valid: true,
  };
  assert.deepEqual(run(s, input).outputs, [vote('prevote', 3, undefined)]);
  // The locked value itself is always acceptable.
  assert.deepEqual(run(s, { ...input, value: A }).outputs, [vote('prevote', 3, A)]);
  // And an invalid block never is.
  assert.deepEqual(run(s, { ...input, value: A, valid: false }).outputs, [
    vote('prevote', 3, undefined),
  ]);
});

test('line 28: only for 0 ≤ vr < round, in step propose', () => {
  const s = atRound(2);
  const base = { type: 'proposalAndPolkaPrevious', round: 2, value: A, valid: true } as const;
  assert.deepEqual(run(s, { ...base, polRound: 2 }).outputs, []);
  assert.deepEqual(run(s, { ...base, polRound: -1 }).outputs, []);
  assert.deepEqual(run(inPrevote(2), { ...base, polRound: 0 }).outputs, []);
});

test('lines 28 and 36: lock in round 0, unlock and relock in round 2 through a polka in round 1', () => {
  let s = lockedOn(A, 0);
  assert.equal(s.lockedValue, A);
  assert.equal(s.lockedRound, 0);
  // Round 1: B is proposed fresh; locked on A, prevote nil; a polka for B forms anyway (others).
  s = run(
    s,
    { type: 'newRound', round: 1, proposer: false },
    { type: 'proposal', round: 1, value: B, valid: true },
  ).state;
  assert.equal(s.lockedValue, A);
  // Line 36 in prevote step: the polka for B in round 1 relocks on B and precommits it.
  const relocked = run(s, { type: 'proposalAndPolkaCurrent', round: 1, value: B });
  assert.deepEqual(relocked.outputs, [vote('precommit', 1, B)]);
  assert.equal(relocked.state.lockedValue, B);
  assert.equal(relocked.state.lockedRound, 1);
  // Round 2: B re-proposed with vr = 1 is accepted (line 28), A fresh is not (line 22).
  const r2 = run(relocked.state, { type: 'newRound', round: 2, proposer: false }).state;
  assert.deepEqual(
    run(r2, { type: 'proposalAndPolkaPrevious', round: 2, value: B, polRound: 1, valid: true })
      .outputs,
    [vote('prevote', 2, B)],
  );
  assert.deepEqual(run(r2, { type: 'proposal', round: 2, value: A, valid: true }).outputs, [
    vote('prevote', 2, undefined),
  ]);
});

test('line 34: +2/3 prevotes for anything in step prevote schedules TimeoutPrevote, first time only', () => {
  const s = inPrevote(1);
  const first = run(s, { type: 'polkaAny', round: 1 });
  assert.deepEqual(first.outputs, [{ type: 'scheduleTimeout', kind: 'prevote', round: 1 }]);
  assert.deepEqual(run(first.state, { type: 'polkaAny', round: 1 }).outputs, []);
  // Not in step propose, nor for another round.
  assert.deepEqual(run(atRound(1), { type: 'polkaAny', round: 1 }).outputs, []);
  assert.deepEqual(run(s, { type: 'polkaAny', round: 0 }).outputs, []);
});

test('line 36: a polka for the proposal in step prevote locks, precommits and sets the valid value', () => {
  const s = run(atRound(0), { type: 'proposal', round: 0, value: A, valid: true }).state;
  const { state, outputs } = run(s, { type: 'proposalAndPolkaCurrent', round: 0, value: A });
  assert.deepEqual(outputs, [vote('precommit', 0, A)]); // lines 40-41
  assert.equal(state.step, 'precommit');
  assert.equal(state.lockedValue, A); // lines 38-39
  assert.equal(state.lockedRound, 0);
  assert.equal(state.validValue, A); // lines 42-43
  assert.equal(state.validRound, 0);
});

test('line 36: in step precommit only the valid value is updated, without a second precommit', () => {
  // Precommitted nil after TimeoutPrevote, then the polka for A completes.
  const s = run(inPrevote(0), { type: 'timeoutPrevote', round: 0 }).state;
  assert.equal(s.step, 'precommit');
  const { state, outputs } = run(s, { type: 'proposalAndPolkaCurrent', round: 0, value: A });
  assert.deepEqual(outputs, []);
  assert.equal(state.validValue, A);
  assert.equal(state.validRound, 0);
  assert.equal(state.lockedValue, undefined);
  assert.equal(state.lockedRound, -1);
});

test('line 36: for the first time only, and never in step propose', () => {
  const s = run(atRound(0), { type: 'proposal', round: 0, value: A, valid: true }).state;
  const once = run(s, { type: 'proposalAndPolkaCurrent', round: 0, value: A }).state;
  assert.deepEqual(run(once, { type: 'proposalAndPolkaCurrent', round: 0, value: A }).outputs, []);
  assert.equal(
    step(atRound(0), { type: 'proposalAndPolkaCurrent', round: 0, value: A }).state.lockedRound,
    -1,
  );
});

test('line 44: +2/3 nil prevotes in step prevote precommit nil', () => {
  const { state, outputs } = run(inPrevote(0), { type: 'polkaNil', round: 0 });
  assert.deepEqual(outputs, [vote('precommit', 0, undefined)]);
  assert.equal(state.step, 'precommit');
  assert.deepEqual(run(atRound(0), { type: 'polkaNil', round: 0 }).outputs, []);
});

test('line 47: +2/3 precommits for anything schedules TimeoutPrecommit, first time, in any step', () => {
  const first = run(atRound(2), { type: 'precommitAny', round: 2 });
  assert.deepEqual(first.outputs, [{ type: 'scheduleTimeout', kind: 'precommit', round: 2 }]);
  assert.deepEqual(run(first.state, { type: 'precommitAny', round: 2 }).outputs, []);
  assert.deepEqual(run(atRound(2), { type: 'precommitAny', round: 1 }).outputs, []);
});

test('line 49: +2/3 precommits for a valid proposal decide it, in any round, once', () => {
  const s = atRound(3);
  const { state, outputs } = run(s, { type: 'proposalAndPrecommitValue', round: 1, value: A });
  assert.deepEqual(outputs, [{ type: 'decide', round: 1, value: A }]);
  assert.equal(state.decision, A);
  assert.equal(state.step, 'commit');
  // Lines 50-54: the height is over; nothing else changes this state.
  for (const input of [
    { type: 'proposalAndPrecommitValue', round: 3, value: B },
    { type: 'timeoutPrecommit', round: 3 },
    { type: 'newRound', round: 4, proposer: true },
    { type: 'skipRound', round: 9 },
  ] satisfies MachineInput[]) {
    assert.equal(step(state, input).state, state);
  }
});

test('line 55: f+1 votes of a higher round start that round; lower or equal rounds do nothing', () => {
  const s = atRound(2);
  assert.deepEqual(run(s, { type: 'skipRound', round: 5 }).outputs, [
    { type: 'startRound', round: 5 },
  ]);
  assert.deepEqual(run(s, { type: 'skipRound', round: 2 }).outputs, []);
  assert.deepEqual(run(s, { type: 'skipRound', round: 1 }).outputs, []);
});

test('line 57: TimeoutPropose in step propose of its round prevotes nil; a stale one is ignored', () => {
  const { state, outputs } = run(atRound(1), { type: 'timeoutPropose', round: 1 });
  assert.deepEqual(outputs, [vote('prevote', 1, undefined)]);
  assert.equal(state.step, 'prevote');
  assert.deepEqual(run(atRound(1), { type: 'timeoutPropose', round: 0 }).outputs, []);
  assert.deepEqual(run(inPrevote(1), { type: 'timeoutPropose', round: 1 }).outputs, []);
});

test('line 61: TimeoutPrevote in step prevote of its round precommits nil; a stale one is ignored', () => {
  const { state, outputs } = run(inPrevote(1), { type: 'timeoutPrevote', round: 1 });
  assert.deepEqual(outputs, [vote('precommit', 1, undefined)]);
  assert.equal(state.step, 'precommit');
  assert.deepEqual(run(inPrevote(1), { type: 'timeoutPrevote', round: 0 }).outputs, []);
  assert.deepEqual(run(atRound(1), { type: 'timeoutPrevote', round: 1 }).outputs, []);
});

test('line 65: TimeoutPrecommit of the current round starts the next round; a stale one is ignored', () => {
  assert.deepEqual(run(atRound(4), { type: 'timeoutPrecommit', round: 4 }).outputs, [
    { type: 'startRound', round: 5 },
  ]);
  assert.deepEqual(run(atRound(4), { type: 'timeoutPrecommit', round: 3 }).outputs, []);
});

test('restart recovery: restoreLock raises the lock to an own precommit, never lowers it', () => {
  const raised = run(atRound(3), { type: 'restoreLock', round: 2, value: A }).state;
  assert.equal(raised.lockedValue, A);
  assert.equal(raised.lockedRound, 2);
  // With the lock restored, line 22 refuses another value as it did before the restart.
  assert.deepEqual(run(raised, { type: 'proposal', round: 3, value: B, valid: true }).outputs, [
    vote('prevote', 3, undefined),
  ]);
  const kept = run(lockedOn(B, 4), { type: 'restoreLock', round: 2, value: A }).state;
  assert.equal(kept.lockedValue, B);
  assert.equal(kept.lockedRound, 4);
});

test('the reducer is pure: the input state is never modified', () => {
  const s = atRound(0);
  const copy = structuredClone(s);
  run(
    s,
    { type: 'proposal', round: 0, value: A, valid: true },
    { type: 'proposalAndPolkaCurrent', round: 0, value: A },
    { type: 'precommitAny', round: 0 },
  );
  assert.deepEqual(s, copy);
});

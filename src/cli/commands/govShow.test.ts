// What `polity gov tally` and `polity gov capture` show people: each side's own, delegated and
// counted (capped) weight, why a chamber does not approve, and who could halt or finalize blocks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaptureJson, ChamberResultJson } from '../../api/client/index.ts';
import type { CliIo } from '../io.ts';
import { printResults, showCapture } from './govShow.ts';

function capturingIo(): { io: CliIo; out: () => string } {
  let text = '';
  const sink = { write: (s: string) => (text += s) };
  const io = { stdout: sink, stderr: sink, env: {} } as unknown as CliIo;
  return { io, out: () => text };
}

const perChoice = (yes: string, no = '0') => ({ yes, no, abstain: '0', veto: '0' });

test('a tally shows own, delegated and counted weight per side, and too few yes entities', () => {
  const { io, out } = capturingIo();
  const members: ChamberResultJson = {
    chamber: 'members',
    eligible: '8',
    yes: '1',
    no: '3',
    abstain: '0',
    veto: '0',
    quorumBps: 2500,
    turnoutBps: 5000,
    approved: false,
    vetoed: false,
    yesEntities: 1,
    own: perChoice('1', '3'),
    delegated: perChoice('3'),
  };
  printResults(io, [members], 3);
  const text = out();
  assert.match(text, /OWN\s+DELEGATED\s+COUNTED/);
  // The yes side: 1 of its own, 3 delegated to it, counted 1 after the cap.
  assert.match(text, /members\s+yes\s+1\s+3\s+1\b/);
  assert.match(text, /members\s+no\s+3\s+0\s+3\b/);
  assert.match(text, /1 of 3 entities needed/);
});

test('the capture report has a consensus row: who can halt, who can finalize', () => {
  const { io, out } = capturingIo();
  const capture: CaptureJson = {
    height: 1,
    chambers: [],
    kinds: [],
    consensus: { validators: 4, entities: 4, halt: 1, finalize: 1 },
  };
  showCapture(io, capture);
  assert.match(out(), /consensus[^\n]*\n[^\n]*VALIDATORS[^\n]*\n\s*4\s+4\s+1\s+1/);
});

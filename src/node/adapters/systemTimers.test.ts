// The system clock behind the Timers port, and its clock offset (fault injection: a node whose
// clock is wrong, as the block-time e2e needs, without faking the clock of the whole process).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSystemTimers, systemTimers } from './systemTimers.ts';

test('a clock offset moves nowMs by that much and leaves timers alone', async () => {
  const ahead = createSystemTimers(10_000);
  const behind = createSystemTimers(-10_000);
  const before = Date.now();
  const a = ahead.nowMs();
  const b = behind.nowMs();
  const plain = systemTimers.nowMs();
  const after = Date.now();
  assert.ok(a >= before + 10_000 && a <= after + 10_000);
  assert.ok(b >= before - 10_000 && b <= after - 10_000);
  assert.ok(plain >= before && plain <= after);
  // Scheduling is relative: an offset clock's timer still fires after its delay.
  await new Promise<void>((resolve) => ahead.schedule(1, resolve));
});

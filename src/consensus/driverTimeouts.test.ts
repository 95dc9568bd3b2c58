// The driver's propose timeout (validator v0 over fake ports, test/support/driverHarness.ts): it
// waits for the verdict on a proposal still being validated, and prevotes nil without one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '../lib/index.ts';
import {
  block,
  config,
  hexOf,
  node,
  ownVotes,
  proposalFrom,
  settle,
  validators,
  voteFrom,
} from '../../test/support/driverHarness.ts';

test('a propose timeout waits for the verdict on a proposal still being validated', async () => {
  const n = node();
  await n.boot();
  const validate = n.app.validateBlock.bind(n.app);
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  n.app.validateBlock = (bytes) => gate.then(() => validate(bytes));
  const x = block(1, 1, validators[1]!.address);
  await n.receive(1, proposalFrom(1, 1, 0, x));
  // Far past the propose timeout, validation still running: no nil prevote over a good block.
  await n.advance(config.proposeBaseMs * 3);
  assert.deepEqual(ownVotes(n.sent, 'prevote', 0), []);
  release();
  await settle();
  assert.deepEqual(
    ownVotes(n.sent, 'prevote', 0).map((s) => hexOf(s.vote.blockHash)),
    [toHex(x.hash)],
  );
});

test('without a proposal, the propose timeout still prevotes nil', async () => {
  const n = node();
  await n.boot();
  // A vote of the height starts round 0 (the pause after the previous commit ends).
  await n.receive(2, voteFrom(2, 'prevote', 1, 0, undefined));
  await n.advance(config.proposeBaseMs + 1);
  // (Re-sent copies of the one signed vote count once.)
  assert.deepEqual(
    [...new Set(ownVotes(n.sent, 'prevote', 0).map((s) => hexOf(s.vote.blockHash)))],
    ['nil'],
  );
});

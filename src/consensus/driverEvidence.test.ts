// Peers' votes turned into evidence by the driver (validator v0 over fake ports, test/support/
// driverHarness.ts): equivocation is kept and announced until committed; a forged copy of a
// counted vote is no evidence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConsensusMessage } from './messages.ts';
import { block, config, node, validators, voteFrom } from '../../test/support/driverHarness.ts';

test('equivocation becomes evidence, announced again on every rebroadcast until committed', async () => {
  const n = node();
  await n.boot();
  const x = block(1, 1, validators[1]!.address);
  await n.receive(3, voteFrom(3, 'prevote', 1, 0, x.hash));
  await n.receive(3, voteFrom(3, 'prevote', 1, 0, undefined));
  assert.equal(n.driver().pendingEvidence().length, 1);
  const announced = (): number => n.sent.filter((m) => m.kind === 'evidence').length;
  assert.equal(announced(), 1);
  await n.advance(config.rebroadcastMs);
  assert.equal(announced(), 2);
});

test('a vote already counted is not checked again; a forged copy of it is still refused', async () => {
  const n = node();
  await n.boot();
  const x = block(1, 1, validators[1]!.address);
  const good = voteFrom(1, 'prevote', 1, 0, x.hash);
  await n.receive(1, good);
  assert.ok(good.kind === 'vote');
  // Same vote, another signature: not the counted message, so it is verified (and fails).
  const forged: ConsensusMessage = {
    kind: 'vote',
    signed: {
      vote: { ...good.signed.vote, blockHash: undefined },
      signature: good.signed.signature,
    },
  };
  await n.receive(1, forged);
  assert.equal(n.driver().pendingEvidence().length, 0); // a bad signature is no evidence
});

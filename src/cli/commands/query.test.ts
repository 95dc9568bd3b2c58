// `polity query tx` describes any message from its JSON alone (its type, then its fields), so a
// module's new message types need no code in the CLI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BlockJson } from '../../api/client/index.ts';
import { blockLines, describeMessage } from './query.ts';

test('a message is its type and its fields, lists and objects summarised', () => {
  assert.equal(
    describeMessage({ type: 'transfer', to: 'pol1abc', amount: '500' }),
    'transfer to=pol1abc amount=500',
  );
  assert.equal(
    describeMessage({
      type: 'validators.update',
      updates: [{ publicKey: { scheme: 'ed25519', publicKey: 'ab' }, power: 1 }],
    }),
    'validators.update updates={publicKey,power}',
  );
  assert.equal(
    describeMessage({ type: 'gov.propose', title: 't', action: { type: 'signal' }, text: '' }),
    'gov.propose title=t action=signal text=',
  );
  assert.equal(
    describeMessage({ type: 'gov.delegate', chamber: 'members', to: null }),
    'gov.delegate chamber=members to=-',
  );
  assert.equal(describeMessage({ type: 'x', many: [1, 2, 3, 4] }), 'x many=[4]');
  assert.equal(describeMessage({ type: 'x', long: 'a'.repeat(100) }).length, 'x long='.length + 70);
});

test('query block text shows the evidence a block carries, one line per item', () => {
  const hashA = 'a'.repeat(64);
  const lines = blockLines({
    hash: 'b'.repeat(64),
    header: {} as BlockJson['header'],
    txs: ['c'.repeat(64)],
    lastCommit: null,
    commit: null,
    evidenceCount: 1,
    evidence: [
      {
        type: 'duplicateVote',
        validator: 'pol1validator',
        height: 7,
        round: 2,
        voteType: 'precommit',
        blockHashA: hashA,
        blockHashB: null,
      },
    ],
  });
  assert.deepEqual(lines, [
    `  tx ${'c'.repeat(64)}`,
    `  evidence duplicateVote by pol1validator at height 7 round 2: two precommits, for ${hashA} and for no block`,
  ]);
});

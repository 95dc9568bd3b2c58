// `polity query tx` describes any message from its JSON alone (its type, then its fields), so a
// module's new message types need no code in the CLI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeMessage } from './query.ts';

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

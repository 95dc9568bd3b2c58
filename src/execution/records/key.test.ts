// The record key grammar, through the records module's stateless checks (what admission and block
// validation run) and through the grammar itself.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { utf8 } from '../../lib/index.ts';
import { assignedRanges, assignedUnicodeVersion } from './assigned.ts';
import { recordDeleteMessage, recordPutMessage, recordKeyProblem } from './index.ts';

function putProblem(key: string): string | undefined {
  return recordPutMessage.check!({ key, value: utf8('v'), contentType: 'text/plain' }, 0)?.code;
}

describe('record.put refuses keys outside the grammar', () => {
  const refused: readonly [string, string][] = [
    ['empty', ''],
    ['over 128 bytes', 'k'.repeat(129)],
    ['a tab', 'a\tb'],
    ['a newline', 'a\nb'],
    ['NUL', 'a\u0000'],
    ['DEL', 'a\u007f'],
    ['a C1 control', 'a\u0085'],
    ['a bidirectional override', 'a\u202eb'],
    ['a dot-dot segment', 'a/../b'],
    ['a dot segment', 'a/./b'],
    ['only ..', '..'],
    ['only .', '.'],
    ['a leading slash', '/a'],
    ['a trailing slash', 'a/'],
    ['a doubled slash', 'a//b'],
    ['a decomposed é (NFD)', 'e\u0301'],
    ['a compatibility character NFC changes (Angstrom sign)', '\u212b'],
    ['an unassigned code point', 'a\u{50000}'],
    ['a noncharacter', 'a\uffff'],
  ];
  for (const [what, key] of refused)
    test(what, () => {
      assert.equal(putProblem(key), 'record_key_invalid');
      assert.notEqual(recordKeyProblem(key), undefined);
    });

  test('the message says what is wrong and what a key is', () => {
    const error = recordPutMessage.check!(
      { key: 'a/../b', value: utf8('v'), contentType: 'text/plain' },
      2,
    );
    assert.match(
      error?.message ?? '',
      /^Message 2: the record key has a "\.\." segment\. A key is/,
    );
  });
});

describe('record.put accepts keys inside the grammar', () => {
  const accepted = [
    'greeting',
    'docs/a b',
    'a.b/..c/d..',
    'é',
    '日本語/キー',
    'emoji 🎉',
    'k'.repeat(128),
    'é'.repeat(64),
    '\ue000 private use',
  ];
  for (const key of accepted)
    test(JSON.stringify(key), () => {
      assert.equal(putProblem(key), undefined);
      assert.equal(recordKeyProblem(key), undefined);
    });
});

test('record.delete needs only the bounds, so a record stored before the grammar can go', () => {
  assert.equal(recordDeleteMessage.check!({ key: 'a\tb' }, 0), undefined);
  assert.equal(recordDeleteMessage.check!({ key: '' }, 0)?.code, 'record_key_invalid');
  assert.equal(recordDeleteMessage.check!({ key: 'k'.repeat(129) }, 0)?.code, 'record_key_invalid');
});

test("the pinned repertoire is assigned in this runtime's Unicode version", () => {
  // NFC is stable for assigned characters, so it decides keys the same way on every node whose
  // Unicode version is at least the table's: this runtime must be one.
  const unassigned = /\p{Cn}/u;
  for (let i = 0; i < assignedRanges.length; i += 2) {
    const first = assignedRanges[i] ?? 0;
    const last = assignedRanges[i + 1] ?? 0;
    assert.ok(first <= last && (i === 0 || first > (assignedRanges[i - 1] ?? 0) + 1));
    for (const c of [first, last, (first + last) >> 1])
      assert.ok(!unassigned.test(String.fromCodePoint(c)), `U+${c.toString(16)} is assigned`);
  }
  assert.match(assignedUnicodeVersion, /^\d+\.\d+$/);
});

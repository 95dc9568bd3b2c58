// The grammar of record keys (docs/spec/encoding.md, "Record keys"). A key is what its owner
// signed, so a key that is not already in its one canonical form is refused rather than changed:
// two spellings of "é" must not be two records, and a key must not hide characters a reader
// cannot see or that make paths ambiguous. Every rule is decided from the key alone and the same
// way on every node: the repertoire is pinned (assigned.ts), so NFC, which is stable for assigned
// characters, cannot depend on a node's own Unicode version.
import { utf8 } from '../../lib/index.ts';
import { assignedRanges, assignedUnicodeVersion } from './assigned.ts';
import { recordKeyBytesMax } from './state.ts';

/** The segment separator of record keys. */
export const recordKeySeparator = '/';

function isAssigned(codePoint: number): boolean {
  // Binary search over the flattened [first, last] pairs.
  let low = 0;
  let high = assignedRanges.length / 2 - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const first = assignedRanges[mid * 2] ?? 0;
    const last = assignedRanges[mid * 2 + 1] ?? -1;
    if (codePoint < first) high = mid - 1;
    else if (codePoint > last) low = mid + 1;
    else return true;
  }
  return false;
}

// C0 and C1 controls and DEL, and the invisible marks that reorder text (bidirectional controls:
// "Trojan source" keys that read differently from what they are).
function isRefusedControl(codePoint: number): boolean {
  return (
    codePoint <= 0x1f ||
    (codePoint >= 0x7f && codePoint <= 0x9f) ||
    codePoint === 0x061c ||
    codePoint === 0x200e ||
    codePoint === 0x200f ||
    (codePoint >= 0x202a && codePoint <= 0x202e) ||
    (codePoint >= 0x2066 && codePoint <= 0x2069)
  );
}

function codePointText(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * What is wrong with `key` as a record key, in words, or undefined when it is valid: 1 to
 * recordKeyBytesMax bytes of UTF-8, code points assigned in the pinned Unicode version, no control
 * or bidirectional-control characters, already in NFC, and — split at "/" — no empty, "." or ".."
 * segment.
 */
export function recordKeyProblem(key: string): string | undefined {
  const size = utf8(key).length;
  if (size === 0) return 'is empty';
  if (size > recordKeyBytesMax) return `is ${size} bytes`;
  for (const char of key) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (isRefusedControl(codePoint))
      return `holds the control character ${codePointText(codePoint)}`;
    if (!isAssigned(codePoint))
      return `holds ${codePointText(codePoint)}, not assigned in Unicode ${assignedUnicodeVersion}`;
  }
  if (key.normalize('NFC') !== key)
    return 'is not in Unicode NFC (compose it, e.g. with String.prototype.normalize("NFC"))';
  for (const segment of key.split(recordKeySeparator)) {
    if (segment === '') return 'has an empty segment (a leading, trailing or doubled "/")';
    if (segment === '.' || segment === '..') return `has a "${segment}" segment`;
  }
  return undefined;
}

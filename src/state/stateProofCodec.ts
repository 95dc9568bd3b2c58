// Canonical binary and JSON forms of a StateProof. Binary:
//   u16be keyLength | key | u8 leafFlag (0 none, 1 leaf) | [keyHash | valueHash] |
//   u16be siblingCount | siblingCount x 32-byte hash
// Exactly one byte string per proof: decoding rejects bad flags, oversize counts and trailing bytes.
import { toHex, type PolityError } from '../lib/index.ts';
import { stateErrors } from './errors.ts';
import { nodeHashBytes, proofDepthMax, stateKeyBytesMax } from './limits.ts';
import type { ProofLeaf, StateProof } from './stateProof.ts';

/** Largest encoded proof: longest key, a leaf, and 256 siblings. */
export const stateProofBytesMax =
  2 + stateKeyBytesMax + 1 + 2 * nodeHashBytes + 2 + proofDepthMax * nodeHashBytes;

function malformed(what: string): PolityError {
  return stateErrors.malformed_proof({ what });
}

/** Canonical bytes of a proof; throws 'malformed_proof' if the proof breaks a bound. */
export function encodeStateProof(p: StateProof): Uint8Array {
  checkShape(p);
  const h = nodeHashBytes;
  const leafBytes = p.leaf === undefined ? 0 : 2 * h;
  const out = new Uint8Array(2 + p.key.length + 1 + leafBytes + 2 + p.siblings.length * h);
  const view = new DataView(out.buffer);
  let at = 0;
  view.setUint16(at, p.key.length);
  out.set(p.key, (at += 2));
  at += p.key.length;
  out[at++] = p.leaf === undefined ? 0 : 1;
  if (p.leaf !== undefined) {
    out.set(p.leaf.keyHash, at);
    out.set(p.leaf.valueHash, at + h);
    at += 2 * h;
  }
  view.setUint16(at, p.siblings.length);
  at += 2;
  for (const s of p.siblings) {
    out.set(s, at);
    at += h;
  }
  return out;
}

/** Parses canonical proof bytes; throws PolityError 'malformed_proof' on any deviation. */
export function decodeStateProof(b: Uint8Array): StateProof {
  if (b.length > stateProofBytesMax) throw malformed('too large');
  const h = nodeHashBytes;
  let at = 0;
  const take = (n: number): Uint8Array => {
    if (at + n > b.length) throw malformed('truncated');
    const part = b.slice(at, at + n);
    at += n;
    return part;
  };
  const u16 = (): number => {
    const two = take(2);
    return ((two[0] ?? 0) << 8) | (two[1] ?? 0);
  };
  const keyLength = u16();
  if (keyLength > stateKeyBytesMax) throw malformed('key too long');
  const key = take(keyLength);
  const flag = take(1)[0];
  if (flag !== 0 && flag !== 1) throw malformed('bad leaf flag');
  const leaf: ProofLeaf | undefined =
    flag === 1 ? { keyHash: take(h), valueHash: take(h) } : undefined;
  const count = u16();
  if (count > proofDepthMax) throw malformed('too many siblings');
  const siblings: Uint8Array[] = [];
  for (let i = 0; i < count; i++) siblings.push(take(h));
  if (at !== b.length) throw malformed('trailing bytes');
  return { key, leaf, siblings };
}

function checkShape(p: StateProof): void {
  if (p.key.length > stateKeyBytesMax) throw malformed('key too long');
  if (p.siblings.length > proofDepthMax) throw malformed('too many siblings');
  for (const s of p.siblings) if (s.length !== nodeHashBytes) throw malformed('bad sibling');
  if (p.leaf !== undefined) {
    if (p.leaf.keyHash.length !== nodeHashBytes || p.leaf.valueHash.length !== nodeHashBytes) {
      throw malformed('bad leaf');
    }
  }
}

/** JSON form: `{ key, leaf: null | { keyHash, valueHash }, siblings: [...] }`, lower-case hex. */
export function stateProofToJson(p: StateProof): unknown {
  checkShape(p);
  return {
    key: toHex(p.key),
    leaf:
      p.leaf === undefined
        ? null
        : { keyHash: toHex(p.leaf.keyHash), valueHash: toHex(p.leaf.valueHash) },
    siblings: p.siblings.map(toHex),
  };
}

function isRecord(j: unknown): j is Record<string, unknown> {
  return typeof j === 'object' && j !== null && !Array.isArray(j);
}

function exactKeys(j: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(j);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(j, k));
}

// Lower-case hex only, so each proof has one JSON form, as it has one binary form.
function hexField(j: unknown, bytes: number | undefined, what: string): Uint8Array {
  if (typeof j !== 'string' || !/^(?:[0-9a-f]{2})*$/.test(j)) throw malformed(`${what} not hex`);
  if (j.length > 2 * stateKeyBytesMax && bytes === undefined) throw malformed(`${what} too long`);
  if (bytes !== undefined && j.length !== 2 * bytes) throw malformed(`${what} has wrong length`);
  return Uint8Array.from(Buffer.from(j, 'hex'));
}

/** Parses the JSON form; throws PolityError 'malformed_proof' on any deviation. */
export function stateProofFromJson(j: unknown): StateProof {
  if (!isRecord(j) || !exactKeys(j, ['key', 'leaf', 'siblings'])) throw malformed('bad object');
  const key = hexField(j['key'], undefined, 'key');
  let leaf: ProofLeaf | undefined;
  const rawLeaf = j['leaf'];
  if (rawLeaf !== null) {
    if (!isRecord(rawLeaf) || !exactKeys(rawLeaf, ['keyHash', 'valueHash'])) {
      throw malformed('bad leaf');
    }
    leaf = {
      keyHash: hexField(rawLeaf['keyHash'], nodeHashBytes, 'leaf keyHash'),
      valueHash: hexField(rawLeaf['valueHash'], nodeHashBytes, 'leaf valueHash'),
    };
  }
  const rawSiblings = j['siblings'];
  if (!Array.isArray(rawSiblings) || rawSiblings.length > proofDepthMax) {
    throw malformed('bad siblings');
  }
  const siblings = rawSiblings.map((s: unknown) => hexField(s, nodeHashBytes, 'sibling'));
  return { key, leaf, siblings };
}

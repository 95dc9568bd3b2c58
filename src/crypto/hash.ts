// SHA-256 through node:crypto (crypto.hash is the fastest path measured here, ~640k/s), with
// domain separation so a hash of one kind of object can never be taken for another.
import { hash as nodeHash } from 'node:crypto';
import { utf8 } from '../lib/index.ts';

/** Size of every hash in bytes. */
export const hashSizeBytes = 32;

/** SHA-256 of `data`. */
export function sha256(data: Uint8Array): Uint8Array {
  const out = nodeHash('sha256', data, 'buffer');
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

const tagCache = new Map<string, Uint8Array>();

/** SHA-256 of `utf8(tag) || 0x00 || data`: the tag names what kind of object is hashed. */
export function taggedHash(tag: string, data: Uint8Array): Uint8Array {
  let prefix = tagCache.get(tag);
  if (prefix === undefined) {
    const t = utf8(tag);
    prefix = new Uint8Array(t.length + 1);
    prefix.set(t);
    tagCache.set(tag, prefix);
  }
  // Most tagged inputs are small (hashes, keys, nodes): build them in one reused buffer rather than
  // allocating a fresh one per hash (block building hashes ~50k of them per 10k transactions).
  const length = prefix.length + data.length;
  if (length > scratch.length) {
    const buf = new Uint8Array(length);
    buf.set(prefix);
    buf.set(data, prefix.length);
    return sha256(buf);
  }
  scratch.set(prefix);
  scratch.set(data, prefix.length);
  return sha256(scratch.subarray(0, length));
}

const scratch = new Uint8Array(4096);

// A bounds-checked byte reader: every read that would run past the end is a typed error.
import { malformed } from './errors.ts';

/** Reads primitive values in canonical form from a byte array. */
export interface Reader {
  u8(): number;
  u16(): number;
  u32(): number;
  u64(): bigint;
  raw(length: number): Uint8Array;
  remaining(): number;
}

/** Creates a reader over `bytes` (no copy; `raw` returns copies so callers may keep them). */
export function createReader(bytes: Uint8Array): Reader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  const need = (n: number): void => {
    if (offset + n > bytes.length) throw malformed(`unexpected end of input at byte ${offset}`);
  };
  return {
    u8() {
      need(1);
      return view.getUint8(offset++);
    },
    u16() {
      need(2);
      const v = view.getUint16(offset);
      offset += 2;
      return v;
    },
    u32() {
      need(4);
      const v = view.getUint32(offset);
      offset += 4;
      return v;
    },
    u64() {
      need(8);
      const v = view.getBigUint64(offset);
      offset += 8;
      return v;
    },
    raw(length) {
      need(length);
      const out = bytes.slice(offset, offset + length);
      offset += length;
      return out;
    },
    remaining() {
      return bytes.length - offset;
    },
  };
}

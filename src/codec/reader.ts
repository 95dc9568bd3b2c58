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

// A class rather than a closure-built object: a reader is made for every decode (hundreds of
// thousands per second under load), and prototype methods avoid allocating six closures each time.
class ByteReader implements Reader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  #offset = 0;

  constructor(bytes: Uint8Array) {
    // A plain Uint8Array view even when given a Buffer: Buffer's `slice` returns a view, not a
    // copy, and a decoded value holding a view would keep the whole input (a network message of
    // megabytes) alive for as long as the value lives, e.g. a transaction in the mempool.
    this.#bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  #need(n: number): void {
    if (this.#offset + n > this.#bytes.length) {
      throw malformed(`unexpected end of input at byte ${this.#offset}`);
    }
  }

  u8(): number {
    this.#need(1);
    return this.#view.getUint8(this.#offset++);
  }

  u16(): number {
    this.#need(2);
    const v = this.#view.getUint16(this.#offset);
    this.#offset += 2;
    return v;
  }

  u32(): number {
    this.#need(4);
    const v = this.#view.getUint32(this.#offset);
    this.#offset += 4;
    return v;
  }

  u64(): bigint {
    this.#need(8);
    const v = this.#view.getBigUint64(this.#offset);
    this.#offset += 8;
    return v;
  }

  /** A copy, so callers may keep it after the input buffer is reused. */
  raw(length: number): Uint8Array {
    this.#need(length);
    const out = this.#bytes.slice(this.#offset, this.#offset + length);
    this.#offset += length;
    return out;
  }

  remaining(): number {
    return this.#bytes.length - this.#offset;
  }
}

/** Creates a reader over `bytes` (no copy; `raw` returns copies so callers may keep them). */
export function createReader(bytes: Uint8Array): Reader {
  return new ByteReader(bytes);
}

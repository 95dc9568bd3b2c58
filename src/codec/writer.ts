// A growable byte writer: encoders append to it, then take one exact-size copy.

/** Appends primitive values in canonical (big-endian, fixed-width) form. */
export interface Writer {
  /** Empties the writer, keeping its buffer for reuse. */
  reset(): void;
  u8(value: number): void;
  u16(value: number): void;
  u32(value: number): void;
  u64(value: bigint): void;
  raw(bytes: Uint8Array): void;
  finish(): Uint8Array;
}

/** Creates a writer with an initial capacity that doubles as needed. */
export function createWriter(capacityBytes = 256): Writer {
  let buf = new Uint8Array(capacityBytes);
  let view = new DataView(buf.buffer);
  let length = 0;

  const ensure = (extra: number): void => {
    if (length + extra <= buf.length) return;
    let size = buf.length * 2;
    while (size < length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(buf.subarray(0, length));
    buf = next;
    view = new DataView(buf.buffer);
  };

  return {
    reset() {
      length = 0;
    },
    u8(value) {
      ensure(1);
      buf[length++] = value;
    },
    u16(value) {
      ensure(2);
      view.setUint16(length, value);
      length += 2;
    },
    u32(value) {
      ensure(4);
      view.setUint32(length, value);
      length += 4;
    },
    u64(value) {
      ensure(8);
      view.setBigUint64(length, value);
      length += 8;
    },
    raw(bytes) {
      ensure(bytes.length);
      buf.set(bytes, length);
      length += bytes.length;
    },
    finish() {
      return buf.slice(0, length);
    },
  };
}

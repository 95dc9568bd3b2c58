// Length-prefixed frames on a byte stream: a 4-byte big-endian length, then the message. The
// reader is incremental (chunks arrive split and merged arbitrarily) and refuses a frame longer
// than its bound before buffering it, so a peer cannot make us hold more than one bounded frame.

/** Bytes of the length prefix. */
export const frameHeaderBytes = 4;

/** Prefixes `message` with its length. */
export function encodeFrame(message: Uint8Array): Uint8Array {
  const frame = new Uint8Array(frameHeaderBytes + message.length);
  new DataView(frame.buffer).setUint32(0, message.length);
  frame.set(message, frameHeaderBytes);
  return frame;
}

/** What a frame reader reports. */
export type FrameEvent =
  | { readonly type: 'frame'; readonly message: Uint8Array }
  | { readonly type: 'oversize'; readonly length: number };

/** An incremental frame reader bounded by `messageBytesMax`. */
export interface FrameReader {
  /** Feeds received bytes; returns the frames they complete (stops at the first oversize one). */
  push(chunk: Uint8Array): FrameEvent[];
}

/** Creates a frame reader. */
export function createFrameReader(messageBytesMax: number): FrameReader {
  let buffer: Uint8Array = new Uint8Array(0);
  return {
    push(chunk) {
      buffer = buffer.length === 0 ? chunk : concat(buffer, chunk);
      const events: FrameEvent[] = [];
      let at = 0;
      while (buffer.length - at >= frameHeaderBytes) {
        const length = new DataView(buffer.buffer, buffer.byteOffset + at, 4).getUint32(0);
        if (length > messageBytesMax) {
          events.push({ type: 'oversize', length });
          buffer = new Uint8Array(0);
          return events;
        }
        if (buffer.length - at - frameHeaderBytes < length) break;
        const start = at + frameHeaderBytes;
        events.push({ type: 'frame', message: buffer.slice(start, start + length) });
        at = start + length;
      }
      buffer = at === 0 ? buffer : buffer.slice(at);
      return events;
    },
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

// Where records live in the state and how they are encoded. Clients verifying a record's proof
// rebuild the key and decode the value with these.
import {
  bytes,
  decode,
  encode,
  fixedBytes,
  struct,
  text,
  uint,
  type Infer,
} from '../../codec/index.ts';
import { concatBytes, utf8 } from '../../lib/index.ts';

/** The first byte of every record's state key. */
export const recordStatePrefix = 0x72;
/** Longest record key in bytes. */
export const recordKeyBytesMax = 128;
/** Largest record value in bytes. */
export const recordValueBytesMax = 16 * 1024;
/** Longest record content type in bytes. */
export const contentTypeBytesMax = 128;

/** A record's current value and its metadata. */
export const recordCodec = struct({
  value: bytes(recordValueBytesMax),
  contentType: text(contentTypeBytesMax),
  createdHeight: uint,
  updatedHeight: uint,
  version: uint,
  lastTxHash: fixedBytes(32),
});

/** A record's current value and its metadata. */
export type RecordEntry = Infer<typeof recordCodec>;

/** The state key of a record: its owner's address, then the key's UTF-8 bytes. */
export function recordStateKey(owner: Uint8Array, key: string): Uint8Array {
  return concatBytes(Uint8Array.of(recordStatePrefix), owner, utf8(key));
}

/** Encodes a record state value. */
export function encodeRecord(entry: RecordEntry): Uint8Array {
  return encode(recordCodec, entry, entry.value.length + 128);
}

/** Decodes a record state value. */
export function decodeRecord(data: Uint8Array): RecordEntry {
  return decode(recordCodec, data);
}

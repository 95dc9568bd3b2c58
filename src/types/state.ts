// The layout of the authenticated state: which key holds what, and how values are encoded. It
// lives in types because clients verifying a state proof must rebuild the key and decode the value.
import {
  bytes,
  decode,
  encode,
  fixedBytes,
  option,
  struct,
  text,
  uint,
  u64,
  type Infer,
} from '../codec/index.ts';
import { publicKeyCodec } from '../crypto/index.ts';
import { concatBytes, utf8 } from '../lib/index.ts';
import { contentTypeBytesMax, recordValueBytesMax } from './limits.ts';

/** State key prefixes (one byte each). */
export const stateKeyPrefix = { account: 0x61, record: 0x72 } as const;

/** An account: balance, the next expected nonce, and its public key once it has signed. */
export const accountCodec = struct({
  balance: u64,
  nonce: uint,
  publicKey: option(publicKeyCodec),
});

/** An account. */
export type Account = Infer<typeof accountCodec>;

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

/** The state key of an account. */
export function accountStateKey(address: Uint8Array): Uint8Array {
  // Built directly: execution derives this key several times per transaction.
  const key = new Uint8Array(1 + address.length);
  key[0] = stateKeyPrefix.account;
  key.set(address, 1);
  return key;
}

/** The state key of a record: its owner's address, then the key's UTF-8 bytes. */
export function recordStateKey(owner: Uint8Array, key: string): Uint8Array {
  return concatBytes(Uint8Array.of(stateKeyPrefix.record), owner, utf8(key));
}

/** An account that has never been touched. */
export const emptyAccount: Account = { balance: 0n, nonce: 0, publicKey: undefined };

/** Encodes an account state value. */
export function encodeAccount(account: Account): Uint8Array {
  return encode(accountCodec, account, 64);
}

/** Decodes an account state value. */
export function decodeAccount(data: Uint8Array): Account {
  return decode(accountCodec, data);
}

/** Encodes a record state value. */
export function encodeRecord(entry: RecordEntry): Uint8Array {
  return encode(recordCodec, entry, entry.value.length + 128);
}

/** Decodes a record state value. */
export function decodeRecord(data: Uint8Array): RecordEntry {
  return decode(recordCodec, data);
}

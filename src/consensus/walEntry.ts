// What the consensus write-ahead log records for the current height, so a restarted validator
// rebuilds the same votes, locks and round by replaying it: the height it belongs to, every
// message received or sent (own messages under the peer name `self`), and every timeout that
// fired, and — synced before its proposal is signed — each block this validator proposes, so a
// proposer restarted in its round proposes that block again rather than a new one its double-sign
// guard would refuse. Entries are canonical bytes; an entry that does not decode ends the replay
// (a torn tail after a crash).
import {
  bytes,
  decode,
  encode,
  struct,
  text,
  u32,
  u8,
  uint,
  union,
  type Infer,
} from '../codec/index.ts';
import { blockBytesMax } from '../types/index.ts';
import { consensusMessageCodec } from './messages.ts';

/** The peer name under which a validator's own messages are logged. */
export const selfPeer = 'self';

const timeoutKindCodes = { propose: 1, prevote: 2, precommit: 3 } as const;

/** One WAL entry. */
export const walEntryCodec = union('type', {
  height: [1, struct({ height: uint })],
  message: [2, struct({ peer: text(128), message: consensusMessageCodec })],
  timeout: [3, struct({ kind: u8, height: uint, round: u32 })],
  ownBlock: [4, struct({ height: uint, round: u32, block: bytes(blockBytesMax) })],
});

/** One WAL entry (see `walEntryCodec`). */
export type WalEntry = Infer<typeof walEntryCodec>;

/** Canonical bytes of a WAL entry. */
export function encodeWalEntry(entry: WalEntry): Uint8Array {
  return encode(walEntryCodec, entry);
}

/** Decodes a WAL entry; undefined for a torn or foreign entry. */
export function decodeWalEntry(bytes: Uint8Array): WalEntry | undefined {
  try {
    return decode(walEntryCodec, bytes);
  } catch {
    return undefined;
  }
}

/** The WAL code of a timeout kind. */
export function timeoutKindCode(kind: 'propose' | 'prevote' | 'precommit'): number {
  return timeoutKindCodes[kind];
}

/** The timeout kind of a WAL code, or undefined. */
export function timeoutKindOf(code: number): 'propose' | 'prevote' | 'precommit' | undefined {
  if (code === 1) return 'propose';
  if (code === 2) return 'prevote';
  if (code === 3) return 'precommit';
  return undefined;
}

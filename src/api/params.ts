// Parsing of path and query values that schemas cannot fully check (bech32m checksums, hex), into
// typed errors, plus the API's bounds.
import { parseAddress } from '../crypto/index.ts';
import { fromBase64, fromHex } from '../lib/index.ts';
import { chambers, type Chamber } from '../execution/index.ts';
import { apiErrors } from './errors.ts';
import type { HistoryPosition } from './service.ts';

/** Default and largest page size of every listing. */
export const pageSizeDefault = 20;
export const pageSizeMax = 100;
/**
 * Longest path parameter, in characters after percent-decoding: the longest record key (128 bytes
 * of UTF-8 are at most 128 characters) with room to spare, so an over-long key is answered
 * invalid_key by its shape and only nonsense meets the router's limit (param_too_long).
 */
export const pathParamCharsMax = 512;
/** Default body bound: a batch of 2,000 transactions of typical size fits. */
export const bodyBytesMaxDefault = 16 * 1024 * 1024;
/** Body bound of POST /v1/tx (one transaction of at most 64 KiB, base64). */
export const singleTxBodyBytesMax = 128 * 1024;
/** Most transactions in one POST /v1/txs. */
export const txsPerRequestMax = 2_000;
/** Default and longest wait for a commit with `wait: "commit"`. */
export const commitWaitMsDefault = 10_000;
export const commitWaitMsMax = 60_000;

/** A bech32m address from a path or query value. */
export function addressParam(text: string): Uint8Array {
  return parseAddress(text);
}

/** A record-history cursor: `H` (before height H) or `H.I.S` (before that change). */
export function historyCursor(text: string): HistoryPosition {
  // Canonical decimal only (no leading zeros), like every other number of a path or query.
  const match = /^([1-9][0-9]{0,15})(?:\.(0|[1-9][0-9]{0,9})\.(0|[1-9][0-9]{0,4}))?$/.exec(text);
  const height = Number(match?.[1]);
  const txIndex = Number(match?.[2] ?? 0);
  const seq = Number(match?.[3] ?? 0);
  if (
    match === null ||
    !Number.isSafeInteger(height) ||
    height < 1 ||
    txIndex > 0xffffffff ||
    seq > 0xffff
  ) {
    throw apiErrors.invalid_cursor({ text: text.slice(0, 40) });
  }
  return { height, txIndex, seq };
}

/** The text form of a history position, as `nextBefore`. */
export function formatHistoryCursor(p: HistoryPosition): string {
  return `${p.height}.${p.txIndex}.${p.seq}`;
}

/** A 32-byte hash from hex. */
export function hashParam(text: string): Uint8Array {
  const bytes = fromHex(text);
  if (bytes?.length !== 32) {
    throw apiErrors.invalid_hash({
      where: `hash "${text.slice(0, 80)}"`,
      problem: 'not 32 bytes of hex',
    });
  }
  return bytes;
}

/** Decodes the base64 transactions of a submission; the index names the bad one. */
export function txsParam(texts: readonly string[]): Uint8Array[] {
  return texts.map((text, i) => {
    const raw = fromBase64(text);
    if (raw === undefined) {
      throw apiErrors.invalid_base64({ index: i });
    }
    return raw;
  });
}

/** A chamber named in a path or by a caller. */
export function chamberParam(value: string): Chamber {
  const chamber = chambers.find((c) => c === value);
  if (chamber === undefined) throw apiErrors.invalid_chamber({ chamber: value.slice(0, 40) });
  return chamber;
}

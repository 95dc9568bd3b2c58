// The records module: every account keeps its own namespace of records. Only the owner writes;
// anyone reads the current value (with a state proof) and its history (from the history index).
import { decodeRecord, encodeRecord, recordStateKey } from '../types/index.ts';
import { recordNotFound } from './errors.ts';
import type { StateOverlay } from './overlay.ts';

/** A record change, for the node's history index. */
export interface RecordEvent {
  readonly owner: Uint8Array;
  readonly key: string;
  readonly op: 'put' | 'delete';
  readonly value: Uint8Array | undefined;
  readonly contentType: string | undefined;
}

/** Context of the transaction that writes. */
export interface RecordWriteContext {
  readonly height: number;
  readonly txHash: Uint8Array;
}

/** Creates or updates a record under `owner`. */
export function putRecord(
  state: StateOverlay,
  ctx: RecordWriteContext,
  owner: Uint8Array,
  key: string,
  value: Uint8Array,
  contentType: string,
): RecordEvent {
  const stateKey = recordStateKey(owner, key);
  const existing = state.get(stateKey);
  const previous = existing === undefined ? undefined : decodeRecord(existing);
  state.set(
    stateKey,
    encodeRecord({
      value,
      contentType,
      createdHeight: previous?.createdHeight ?? ctx.height,
      updatedHeight: ctx.height,
      version: (previous?.version ?? 0) + 1,
      lastTxHash: ctx.txHash,
    }),
  );
  return { owner, key, op: 'put', value, contentType };
}

/** Deletes a record; a missing record is an error so a typo cannot pass silently. */
export function deleteRecord(state: StateOverlay, owner: Uint8Array, key: string): RecordEvent {
  const stateKey = recordStateKey(owner, key);
  if (state.get(stateKey) === undefined) throw recordNotFound(key);
  state.set(stateKey, undefined);
  return { owner, key, op: 'delete', value: undefined, contentType: undefined };
}

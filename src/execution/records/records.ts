// Records: every account keeps its own namespace of records. Only the owner writes; anyone reads
// the current value (with a state proof) and its history (from the history index).
import type { StateOverlay, StateReader } from '../overlay.ts';
import type { ModuleEvent } from '../module.ts';
import { recordsErrors } from './errors.ts';
import { decodeRecord, encodeRecord, recordStateKey } from './state.ts';

/** What a record change reports (the history index is built from these). */
export interface RecordChangeAttributes {
  readonly owner: Uint8Array;
  readonly key: string;
  readonly op: 'put' | 'delete';
  readonly value: Uint8Array | undefined;
  readonly contentType: string | undefined;
}

function changed(attributes: RecordChangeAttributes): ModuleEvent {
  return { module: 'records', type: attributes.op, attributes: { ...attributes } };
}

/** Creates or updates a record under `owner`. */
export function putRecord(
  state: StateOverlay,
  at: { readonly height: number; readonly txHash: Uint8Array },
  owner: Uint8Array,
  key: string,
  value: Uint8Array,
  contentType: string,
): ModuleEvent {
  const stateKey = recordStateKey(owner, key);
  const existing = state.get(stateKey);
  const previous = existing === undefined ? undefined : decodeRecord(existing);
  state.set(
    stateKey,
    encodeRecord({
      value,
      contentType,
      createdHeight: previous?.createdHeight ?? at.height,
      updatedHeight: at.height,
      version: (previous?.version ?? 0) + 1,
      lastTxHash: at.txHash,
    }),
  );
  return changed({ owner, key, op: 'put', value, contentType });
}

/** Whether `owner` has a record `key`. */
export function hasRecord(state: StateReader, owner: Uint8Array, key: string): boolean {
  return state.get(recordStateKey(owner, key)) !== undefined;
}

/** Deletes a record; a missing record is an error so a typo cannot pass silently. */
export function deleteRecord(state: StateOverlay, owner: Uint8Array, key: string): ModuleEvent {
  if (!hasRecord(state, owner, key)) throw recordsErrors.record_not_found({ key });
  state.set(recordStateKey(owner, key), undefined);
  return changed({ owner, key, op: 'delete', value: undefined, contentType: undefined });
}

// The records module: every account's own namespace of records, with their history. Its public
// surface: the module, its state layout (for clients' proofs) and its history index's reads.
import { bytes, struct, text } from '../../codec/index.ts';
import { utf8, type PolityError } from '../../lib/index.ts';
import { txBytesMax } from '../../types/index.ts';
import { defineMessage, type ModuleDef } from '../module.ts';
import { recordsErrors } from './errors.ts';
import { recordIndexNamespaces, recordIndexWrites } from './history.ts';
import { recordKeyProblem } from './key.ts';
import { deleteRecord, putRecord } from './records.ts';
import {
  contentTypeBytesMax,
  recordKeyBytesMax,
  recordStatePrefix,
  recordValueBytesMax,
} from './state.ts';

export * from './errors.ts';
export { listRecordKeys, readRecordHistory } from './history.ts';
export { recordKeyProblem, recordKeySeparator } from './key.ts';
export type { RecordChangeAttributes } from './records.ts';
export * from './state.ts';

/** Gas of the records module's messages. */
export const recordsGas = { put: 2_000, perByte: 20, delete: 1_000 } as const;

// A new key must follow the whole grammar (key.ts).
function checkNewKey(key: string, index: number): PolityError | undefined {
  const problem = recordKeyProblem(key);
  return problem === undefined
    ? undefined
    : recordsErrors.record_key_invalid({ index, problem, max: recordKeyBytesMax });
}

// A key to delete needs only the bounds: a record stored before the grammar existed (one whose key
// holds a tab, say) can still be removed by its owner. A delete creates no key.
function checkExistingKey(key: string, index: number): PolityError | undefined {
  const size = utf8(key).length;
  return size > 0 && size <= recordKeyBytesMax
    ? undefined
    : recordsErrors.record_key_invalid({
        index,
        problem: `is ${size} bytes`,
        max: recordKeyBytesMax,
      });
}

// Fields decode up to the transaction's bound; their tighter limits are checked by `check`, so an
// oversize record gets its own code, not "malformed".
/** `record.put {key, value, contentType}`: creates or replaces one of the sender's records. */
export const recordPutMessage = defineMessage({
  type: 'record.put',
  tag: 2,
  codec: struct({ key: text(txBytesMax), value: bytes(txBytesMax), contentType: text(txBytesMax) }),
  check(m, index) {
    const keyProblem = checkNewKey(m.key, index);
    if (keyProblem !== undefined) return keyProblem;
    if (m.value.length > recordValueBytesMax)
      return recordsErrors.record_too_large({
        index,
        max: recordValueBytesMax,
        size: m.value.length,
      });
    if (utf8(m.contentType).length > contentTypeBytesMax)
      return recordsErrors.content_type_too_long({ index, max: contentTypeBytesMax });
    return undefined;
  },
  gas: (m) => recordsGas.put + recordsGas.perByte * (utf8(m.key).length + m.value.length),
  // A put cannot fail on state.
  admission: 'reserve',
  run: (state, ctx, m) => ({
    events: [putRecord(state, ctx, ctx.sender, m.key, m.value, m.contentType)],
  }),
});

/** `record.delete {key}`: deletes one of the sender's records (it must exist). */
export const recordDeleteMessage = defineMessage({
  type: 'record.delete',
  tag: 3,
  codec: struct({ key: text(txBytesMax) }),
  check: (m, index) => checkExistingKey(m.key, index),
  gas: () => recordsGas.delete,
  run: (state, ctx, m) => ({ events: [deleteRecord(state, ctx.sender, m.key)] }),
});

/** The records module. */
export const recordsModule = {
  name: 'records',
  pausable: true,
  statePrefixes: [recordStatePrefix],
  messages: [recordPutMessage, recordDeleteMessage],
  events: ['put', 'delete'],
  indexWrites: recordIndexWrites,
  indexNamespaces: Object.values(recordIndexNamespaces),
} as const satisfies ModuleDef;

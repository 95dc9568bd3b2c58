// Public surface of src/lib: bytes, errors, invariants and a serial task queue, with no knowledge
// of the ledger.
export * from './assert.ts';
export * from './bytes.ts';
export * from './errors.ts';
export * from './serialQueue.ts';

// Public surface of src/lib: bytes, errors and invariants with no knowledge of the ledger.
export * from './assert.ts';
export * from './bytes.ts';
export * from './errors.ts';

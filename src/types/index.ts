// Public surface of src/types: the chain's own data types (blocks, headers, votes, commits,
// validators, receipts, evidence) and their codecs. Transactions and what each module stores are
// execution's (src/execution): their shapes come from the module table.
export * from './admission.ts';
export * from './block.ts';
export * from './errors.ts';
export * from './limits.ts';
export * from './receipt.ts';
export * from './recordHistory.ts';
export * from './validator.ts';
export * from './vote.ts';
export * from './consensus.ts';

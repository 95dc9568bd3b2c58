// Public surface of src/types: the ledger's data types, their codecs and stateless checks.
export * from './admission.ts';
export * from './block.ts';
export * from './gas.ts';
export * from './governance.ts';
export * from './governanceParams.ts';
export * from './limits.ts';
export * from './receipt.ts';
export * from './recordHistory.ts';
export * from './staking.ts';
export * from './state.ts';
export * from './tx.ts';
export * from './validateTx.ts';
export * from './validator.ts';
export * from './vote.ts';
export * from './consensus.ts';

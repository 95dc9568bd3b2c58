// Public surface of src/execution: deterministic application of transactions and blocks through
// the module table, the transaction format, admission's check against state, and each module's
// public surface (its state layout and readers, for queries and clients' proofs).
export * from './accounts.ts';
export * from './admission.ts';
export * from './applyBlock.ts';
export * from './applyTx.ts';
export * from './chunkedList.ts';
export * from './errors.ts';
export * from './gas.ts';
export * from './genesis.ts';
export * from './module.ts';
export * from './modules.ts';
export * from './overlay.ts';
export * from './table.ts';
export * from './tx.ts';
export * from './txFormat.ts';
export * from './validateTx.ts';
export * from './validatorSet.ts';
export * from './governance/index.ts';
export * from './records/index.ts';
export * from './staking/index.ts';
export * from './transfer/index.ts';
export * from './validators/index.ts';

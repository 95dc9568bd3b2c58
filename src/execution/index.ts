// Public surface of src/execution: deterministic application of transactions and blocks.
export * from './accounts.ts';
export * from './applyBlock.ts';
export * from './applyTx.ts';
export * from './errors.ts';
export * from './genesis.ts';
export * from './overlay.ts';
export * from './records.ts';
export * from './validators.ts';
export * from './governance/capture.ts';
export * from './governance/election.ts';
export * from './governance/policy.ts';
export * from './governance/quorum.ts';
export * from './governance/tally.ts';
export * from './governance/verdict.ts';

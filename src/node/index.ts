// Public surface of src/node: the composition root and its real adapters.
export * from './devChain.ts';
export * from './genesis.ts';
export * from './home.ts';
export * from './initHome.ts';
export * from './ledger.ts';
export * from './levelStore.ts';
export * from './logger.ts';
export * from './startNode.ts';
export * from './version.ts';

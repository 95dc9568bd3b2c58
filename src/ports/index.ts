// Public surface of src/ports: interfaces for every source of non-determinism and I/O.
export * from './clock.ts';
export * from './kvStore.ts';
export * from './logger.ts';

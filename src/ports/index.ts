// Public surface of src/ports: interfaces (never implementations) for every source of
// non-determinism and I/O the cores touch: storage, time and logging.
export * from './kvStore.ts';
export * from './logger.ts';
export * from './timers.ts';

// The node's real adapters behind the cores' ports, in one place: LevelDB behind KvStore, the
// consensus WAL and last-signed files, the signature-verification worker pool behind the chain's
// Verifier, the wall clock and setTimeout behind Timers, and pino behind Logger. The rest of the
// node imports them from here; verifyWorker.ts is not exported (a worker thread loads it by path).
export * from './consensusFiles.ts';
export * from './levelStore.ts';
export * from './logger.ts';
export * from './systemTimers.ts';
export * from './verifyPool.ts';

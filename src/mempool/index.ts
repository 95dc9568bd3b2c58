// Public surface of src/mempool: the bounded, nonce-ordered transaction pool.
export * from './errors.ts';
export * from './mempool.ts';

// Public surface of src/mempool: the bounded, nonce-ordered transaction pool.
export * from './mempool.ts';

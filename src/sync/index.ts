// Public surface of src/sync: catching up with peers block by block, every commit verified.
export * from './blockSync.ts';

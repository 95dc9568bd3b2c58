// Public surface of src/crypto: hashing, scheme-tagged keys and signatures, addresses.
export * from './address.ts';
export * from './errors.ts';
export * from './hash.ts';
export * from './merkle.ts';
export * from './scheme.ts';
export * from './signer.ts';
export { ed25519FromSeed, ed25519Sign, ed25519Verify } from './ed25519.ts';

// Public surface of src/codec: the canonical binary encoding and its schema combinators.
export * from './errors.ts';
export * from './reader.ts';
export * from './schema.ts';
export * from './writer.ts';

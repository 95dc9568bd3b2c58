// The package entry point (`import … from 'polity'`): what applications and tools build on — the
// data types and their canonical encodings, keys and addresses, proof verification, and the typed
// HTTP client. The node itself is started through the `polity` command (or `polity/node`).
export * from './api/client/index.ts';
export * from './codec/index.ts';
export * from './crypto/index.ts';
export { PolityError, isPolityError, type ErrorKind } from './lib/index.ts';
export {
  decodeStateProof,
  encodeStateProof,
  stateProofFromJson,
  stateProofToJson,
  verifyStateProof,
  type StateProof,
} from './state/index.ts';
export * from './types/index.ts';

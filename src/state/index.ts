// Public surface of src/state: the authenticated Merkle store, its proofs and their encodings.
export { stateErrors } from './errors.ts';
export { createMemoryKvStore } from './memoryKvStore.ts';
export {
  createMerkleStore,
  emptyStateRoot,
  nodeCacheMaxDefault,
  type MerkleStore,
  type MerkleStoreOptions,
  type PreparedCommit,
} from './merkleStore.ts';
export { defaultStatePrefix } from './storageKeys.ts';
export { proofDepthMax, stateKeyBytesMax, stateValueBytesMax } from './limits.ts';
export { verifyStateProof, type ProofLeaf, type StateProof } from './stateProof.ts';
export {
  decodeStateProof,
  encodeStateProof,
  stateProofBytesMax,
  stateProofFromJson,
  stateProofToJson,
} from './stateProofCodec.ts';

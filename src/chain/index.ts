// Public surface of src/chain: the replicated ledger application (the consensus `Application`)
// over a KvStore, the authenticated state and the mempool, with admission, the genesis, the
// chain's storage layout and reads, and the signature-verification port.
export {
  admitBatch,
  type AdmissionContext,
  type AdmissionResult,
  type ChainMempool,
  type ChainTx,
} from './admission.ts';
export * from './errors.ts';
export {
  buildBlock,
  lastCommitHashOf,
  receiptsRoot,
  type BlockPlan,
  type BuiltBlock,
} from './buildBlock.ts';
export {
  candidatesCachedMax,
  createChainApp,
  type ChainApp,
  type ChainAppOptions,
  type CommittedBlock,
  type CommittedState,
} from './chainApp.ts';
export {
  createChainStore,
  encodeCommit,
  encodeHeight,
  type ChainStore,
  type LoadedBlock,
} from './chainStore.ts';
export {
  checkEvidence,
  evidenceAgeBlocksMax,
  evidenceHash,
  type EvidenceContext,
} from './evidence.ts';
export { genesisAccountsMax, genesisHash, type ChainParams, type Genesis } from './genesis.ts';
export { genesisFromJson, genesisToJson } from './genesisJson.ts';
export { powerConcentration, type PowerConcentration } from './powerConcentration.ts';
export { blockOverheadBytesMax } from './proposeBlock.ts';
export { blockTimeMs, medianTimeMs } from './blockTime.ts';
export { inlineVerifier, type Verifier, type VerifyItem } from './verifier.ts';

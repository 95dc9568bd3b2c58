// Public surface of src/node: the composition root and its real adapters.
export * from './adapters/levelStore.ts';
export * from './adapters/logger.ts';
export * from './bftNode.ts';
export * from './devChain.ts';
export { nodeErrors } from './errors.ts';
// The genesis moved to src/chain; the CLI reaches it through the node.
export {
  genesisFromJson,
  genesisHash,
  genesisToJson,
  type ChainParams,
  type Genesis,
} from '../chain/index.ts';
export * from './fork.ts';
export * from './home.ts';
export * from './initHome.ts';
export * from './ledger.ts';
export * from './soloNode.ts';
export * from './startNode.ts';
export * from './version.ts';
export * from './testnet.ts';
export * from './testnetSupervisor.ts';

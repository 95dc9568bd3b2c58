// Public surface of src/p2p: node keys and peer ids, the p2p node with its channels, frames and
// peer scoring.
export * from './errors.ts';
export * from './frames.ts';
export * from './nodeKey.ts';
export * from './p2pNode.ts';
export * from './p2pTypes.ts';
export * from './peerScore.ts';

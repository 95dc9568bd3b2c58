// The logger tests and the simulator use when they want silence: the node's own silent adapter
// (the ports folder holds interfaces only).
export { silentLogger } from '../../src/node/adapters/logger.ts';

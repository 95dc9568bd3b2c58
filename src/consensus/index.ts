// Public surface of src/consensus: the Tendermint state machine, vote keeper, proposer
// selection, double-sign guard, WAL entries, wire messages, the Application boundary and the
// driver that runs it all over ports.
export * from './application.ts';
export * from './conditions.ts';
export * from './config.ts';
export * from './driver.ts';
export * from './driverTypes.ts';
export * from './errors.ts';
export * from './machine.ts';
export * from './messages.ts';
export * from './ports.ts';
export * from './privval.ts';
export * from './proposer.ts';
export * from './voteKeeper.ts';
export * from './walEntry.ts';

// The module table of this build: one line per module. Adding a module is a folder that exports a
// `ModuleDef` and a line here (docs/ARCHITECTURE.md, "How to add a module"). The order matters:
// genesis and begin-block hooks run in this order, end-block hooks in the reverse order (a module
// listed later may build on the ones before it, and closes first).
import { governanceModule } from './governance/index.ts';
import type { MessageOf } from './module.ts';
import { recordsModule } from './records/index.ts';
import { stakingModule } from './staking/index.ts';
import { createModuleTable } from './table.ts';
import { transferModule } from './transfer/index.ts';
import { validatorsModule } from './validators/index.ts';

/** The modules of this build, in table order. */
export const modules = [
  transferModule,
  recordsModule,
  validatorsModule,
  governanceModule,
  stakingModule,
] as const;

/** One action inside a transaction: a message of one of the modules. */
export type Message = MessageOf<(typeof modules)[number]['messages'][number]>;
/** The name of a message type. */
export type MessageType = Message['type'];

/** The table of this build's modules. */
export const moduleTable = createModuleTable<Message>(modules);

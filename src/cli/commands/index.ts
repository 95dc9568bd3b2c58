// Every command module of the CLI, once, in the order `polity --help` lists them. A new command
// group is a file here that registers its commands and one line in this list.
import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { registerForkCommands } from './fork.ts';
import { registerGovCommands } from './gov.ts';
import { registerKeysCommands } from './keys.ts';
import { registerLightCommands } from './light.ts';
import { registerNodeCommands } from './node.ts';
import { registerProofCommands } from './proof.ts';
import { registerQueryCommands } from './query.ts';
import { registerStakeCommands } from './stake.ts';
import { registerTestnetCommands } from './testnet.ts';
import { registerTxCommands } from './tx.ts';

/** Registers one group of commands on the program. */
export type CommandModule = (program: Command, io: CliIo) => void;

/** The CLI's command modules. */
export const commandModules: readonly CommandModule[] = [
  registerNodeCommands,
  registerTestnetCommands,
  registerKeysCommands,
  registerTxCommands,
  registerGovCommands,
  registerStakeCommands,
  registerForkCommands,
  registerQueryCommands,
  registerLightCommands,
  registerProofCommands,
];

// Glue between commander and our commands: each action gets a CommandContext, its positional
// arguments and its own options, and may throw PolityErrors (runCli maps them to exit codes).
import type { Command } from 'commander';
import { createContext, type CommandContext } from './context.ts';
import type { CliIo } from './io.ts';

/** A command body. */
export type CommandBody<O> = (
  ctx: CommandContext,
  args: readonly string[],
  options: O,
) => Promise<void>;

/** Wraps a body as a commander action handler. */
export function action<O>(io: CliIo, body: CommandBody<O>): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    // commander passes the declared arguments, then the options object, then the command.
    const command = args[args.length - 1] as Command;
    const positional = args.slice(0, -2).map((a) => (typeof a === 'string' ? a : String(a)));
    await body(createContext(io, command), positional, command.opts() as O);
  };
}

/** Adds an "Examples:" section to a command's help. */
export function withExamples(command: Command, examples: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}`);
}

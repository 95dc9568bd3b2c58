// The `polity` command line: builds the commander program, runs one command, and turns every
// outcome into an exit code (exitCodes.ts). Output streams are injected (CliIo), so tests run the
// CLI in-process; bin/polity.js is the only place that touches the real process.
import { nodeErrors } from '../node/index.ts';
import { Command, CommanderError, Option } from 'commander';
import { apiErrors } from '../api/index.ts';
import { isPolityError, type PolityError } from '../lib/index.ts';
import { cliErrors } from './errors.ts';
import { withExamples } from './action.ts';
import { commandModules } from './commands/index.ts';
import { globalDefaults } from './context.ts';
import { exitCodeHelp, exitCodeOf, exitCodes } from './exitCodes.ts';
import { processIo, type CliIo } from './io.ts';
import { printError } from './output.ts';
import { unknownFlag } from './suggest.ts';

/** Builds the program; one per run, since commander keeps parse state on the command objects. */
export function buildProgram(io: CliIo): Command {
  const defaults = globalDefaults(io);
  const program = new Command('polity')
    .description('Polity: run a node, manage keys, send transactions and query the ledger.')
    .addOption(new Option('--node <url>', 'node API URL (env POLITY_NODE)').default(defaults.node))
    .addOption(
      new Option(
        '--home <dir>',
        'home directory with keys/ and node files (env POLITY_HOME)',
      ).default(defaults.home),
    )
    .option('--json', 'machine-readable output: exactly one JSON document on stdout')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // runCli prints usage errors itself, in the `error[code]` / --json format.
      outputError: () => undefined,
    })
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .addHelpText('afterAll', `\n${exitCodeHelp}\n`);
  withExamples(program, [
    'polity keys add alice',
    'polity status --node http://127.0.0.1:26657',
    'polity tx transfer --from alice --to pol1… --amount 1000',
    'polity query account pol1… --prove --json',
  ]);
  for (const register of commandModules) register(program, io);
  return program;
}

// The parser's usage errors as declared codes (commander.unknownOption → unknown_option).
const usageErrors: Readonly<Record<string, (args: { problem: string }) => PolityError>> = {
  'commander.unknownOption': cliErrors.unknown_option,
  'commander.unknownCommand': cliErrors.unknown_command,
  'commander.missingArgument': cliErrors.missing_argument,
  'commander.optionMissingArgument': cliErrors.option_missing_argument,
  'commander.missingMandatoryOptionValue': cliErrors.missing_mandatory_option_value,
  'commander.conflictingOption': cliErrors.conflicting_option,
  'commander.excessArguments': cliErrors.excess_arguments,
  'commander.help': () => cliErrors.help(),
};

function usageError(error: CommanderError): PolityError {
  const problem = error.message.replace(/^error: /, '');
  return (usageErrors[error.code] ?? nodeErrors.invalid_argument)({ problem });
}

function report(
  io: CliIo,
  json: boolean,
  error: unknown,
  program: Command,
  argv: readonly string[],
): number {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) return exitCodes.ok;
    let usage = usageError(error);
    // A required option reported missing is often one the user misspelt: name the typo.
    const typo =
      error.code === 'commander.missingMandatoryOptionValue'
        ? unknownFlag(program, argv)
        : undefined;
    if (typo !== undefined)
      usage = cliErrors.unknown_option({
        problem: `unknown option '${typo.flag}'${typo.suggestion === undefined ? '' : ` (did you mean ${typo.suggestion}?)`}`,
      });
    printError(io, json, usage.code, usage.message);
    return exitCodes.usage;
  }
  if (io.env['POLITY_DEBUG'] === '1' && error instanceof Error)
    io.stderr.write(`${error.stack ?? String(error)}\n`);
  if (isPolityError(error)) {
    if (error.details?.['printed'] !== true) printError(io, json, error.code, error.message);
    return exitCodeOf(error);
  }
  const message = error instanceof Error ? error.message : String(error);
  printError(io, json, apiErrors.internal.code, `${message} (set POLITY_DEBUG=1 for details)`);
  return exitCodes.failure;
}

/**
 * Runs the CLI on `argv` (the user's arguments, without `node` and the script) and resolves to the
 * exit code. Never throws and never exits the process.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  // Known before parsing, so even a usage error is reported as JSON when --json was given.
  const json = argv.includes('--json');
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCodes.ok;
  } catch (error) {
    return report(io, json, error, program, argv);
  }
}

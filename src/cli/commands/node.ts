// `polity init`, `polity start`, `polity dev`: the node's own commands. src/node is imported lazily
// inside the actions so that `polity keys …` and `polity query …` never load LevelDB or the HTTP
// server.
import { nodeErrors } from '../../node/index.ts';
import { join } from 'node:path';
import type { Command } from 'commander';
import { formatAddress, parseAddress } from '../../crypto/index.ts';
import { cliErrors } from '../errors.ts';
import { action, withExamples } from '../action.ts';
import type { CommandContext } from '../context.ts';
import type { CliIo } from '../io.ts';
import { createKeystore } from '../keystore/index.ts';
import { printFields, printTable, warn } from '../output.ts';
import { syncProgressRenderer } from '../syncProgress.ts';
import { recordTestKeyNotice } from '../testKeyNotice.ts';

type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
type LogFormat = 'json' | 'pretty';

function logLevel(value: string | undefined): LogLevel | undefined {
  if (value === undefined) return undefined;
  if (['debug', 'info', 'warn', 'error', 'silent'].includes(value)) return value as LogLevel;
  throw cliErrors.invalid_log_level({ value });
}

function logFormat(value: string | undefined): LogFormat | undefined {
  if (value === undefined) return undefined;
  if (value === 'json' || value === 'pretty') return value;
  throw cliErrors.invalid_log_format({ value });
}

function integer(
  value: string | undefined,
  flag: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n < min || n > max) {
    throw nodeErrors.invalid_argument({
      problem: `${flag} must be an integer from ${min} to ${max}; got "${value}".`,
    });
  }
  return n;
}

function amount(value: string, what: string): bigint {
  if (!/^[0-9]{1,20}$/.test(value))
    throw cliErrors.invalid_amount({ flag: what, min: 0, text: value });
  return BigInt(value);
}

/** Resolves when the process is asked to stop (Ctrl-C or SIGTERM). */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string) => () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(signal);
    };
    const onInt = on('SIGINT');
    const onTerm = on('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
  });
}

function printEndpoints(ctx: CommandContext, apiUrl: string, home?: string): void {
  printFields(ctx.io, [
    ['api', apiUrl],
    ['openapi', `${apiUrl}/openapi.json`],
    ['events', `${apiUrl}/v1/events`],
    ['home', home],
  ]);
}

interface InitOptions {
  chainId: string;
  account?: string[];
  minGasPrice?: string;
  blockTxsMax?: string;
  apiHost?: string;
  apiPort?: string;
  force?: boolean;
}

interface StartOptions {
  apiHost?: string;
  apiPort?: string;
  blockIntervalMs?: string;
  logLevel?: string;
  logFormat?: string;
}

interface DevOptions extends StartOptions {
  keep?: boolean;
  port?: string;
  accounts?: string;
  chainId?: string;
  governance: string;
}

/** Governance periods named on the command line (dev, testnet init). */
export function periodsOption(value: string): 'instant' | 'fast' | 'standard' {
  if (value !== 'instant' && value !== 'fast' && value !== 'standard')
    throw nodeErrors.invalid_argument({
      problem: `--governance is instant, fast or standard; got "${value}".`,
    });
  return value;
}

function registerInit(program: Command, io: CliIo): void {
  const cmd = program
    .command('init')
    .description(
      'create a node home: config.json, genesis.json (this node as the single validator) and validator_key.json',
    )
    .option('--chain-id <id>', 'the chain id (a-z, 0-9, ".", "_", "-")', 'polity-local')
    .option(
      '--account <address:amount...>',
      'fund an account at genesis: ADDRESS:AMOUNT or KEY:AMOUNT (a key of this home; repeatable)',
    )
    .option('--min-gas-price <upol>', 'minimum fee per unit of gas', '1')
    .option('--block-txs-max <n>', 'most transactions per block', '10000')
    .option('--api-host <host>', 'address the API binds to', '127.0.0.1')
    .option('--api-port <port>', 'API port', '26657')
    .option('--force', 'replace the config, genesis and key of a home that has not run yet')
    .action(
      action<InitOptions>(io, async (ctx, _args, opts) => {
        const accounts = [];
        for (const spec of opts.account ?? []) {
          const at = spec.lastIndexOf(':');
          if (at <= 0) {
            throw nodeErrors.invalid_argument({
              problem: `--account takes ADDRESS:AMOUNT or KEY:AMOUNT, got "${spec}".`,
            });
          }
          const balance = amount(spec.slice(at + 1), 'An --account amount');
          // A key of this home's keystore works as well as an address (keys add, then init).
          const address = parseAddress(await ctx.resolveAddress(spec.slice(0, at)));
          accounts.push({ address, balance });
        }
        const { initHome, defaultNodeConfig } = await import('../../node/index.ts');
        const { genesis } = await initHome({
          home: ctx.options.home,
          chainId: opts.chainId,
          accounts,
          minGasPrice: amount(opts.minGasPrice ?? '1', '--min-gas-price'),
          blockTxsMax: integer(opts.blockTxsMax, '--block-txs-max', 1, 20_000) ?? 10_000,
          config: {
            api: {
              host: opts.apiHost ?? defaultNodeConfig.api.host,
              port: integer(opts.apiPort, '--api-port', 0, 65_535) ?? defaultNodeConfig.api.port,
            },
          },
          ...(opts.force === true ? { force: true } : {}),
        });
        const validatorAddress = formatAddress(genesis.validators[0]?.address ?? new Uint8Array());
        ctx.emit(
          {
            home: ctx.options.home,
            chainId: genesis.chainId,
            validator: validatorAddress,
            accounts: accounts.length,
          },
          () => {
            printFields(ctx.io, [
              ['home', ctx.options.home],
              ['chain id', genesis.chainId],
              ['validator', validatorAddress],
              ['accounts', accounts.length],
            ]);
            if (accounts.length === 0)
              ctx.io.stdout.write(
                `\nNo account is funded, so no transaction can pay its fee. Make a key and fund it at genesis:\n  polity keys add alice --home ${ctx.options.home}\n  polity init --home ${ctx.options.home} --force --account alice:1000000000\n`,
              );
            ctx.io.stdout.write(`\nStart it with: polity start --home ${ctx.options.home}\n`);
          },
        );
      }),
    );
  withExamples(cmd, [
    'polity init --home ~/.polity --chain-id my-chain',
    'polity init --chain-id my-chain --account pol1…:1000000',
    'polity keys add alice && polity init --account alice:1000000000',
  ]);
}

function registerStart(program: Command, io: CliIo): void {
  const cmd = program
    .command('start')
    .description('run the node of --home until Ctrl-C (API on 127.0.0.1 unless configured)')
    .option('--api-host <host>', 'override the configured API address')
    .option('--api-port <port>', 'override the configured API port')
    .option('--block-interval-ms <ms>', 'override the configured block interval')
    .option('--log-level <level>', 'debug, info, warn, error or silent')
    .option('--log-format <format>', 'json or pretty (default: pretty on a terminal, else json)')
    .action(
      action<StartOptions>(io, async (ctx, _args, opts) => {
        const { startNode } = await import('../../node/index.ts');
        const apiPort = integer(opts.apiPort, '--api-port', 0, 65_535);
        const blockIntervalMs = integer(opts.blockIntervalMs, '--block-interval-ms', 1, 600_000);
        const level = logLevel(opts.logLevel);
        const format = logFormat(opts.logFormat);
        const node = await startNode({
          home: ctx.options.home,
          onSyncProgress: syncProgressRenderer(ctx.io),
          ...(opts.apiHost === undefined ? {} : { apiHost: opts.apiHost }),
          ...(apiPort === undefined ? {} : { apiPort }),
          ...(blockIntervalMs === undefined ? {} : { blockIntervalMs }),
          ...(level === undefined ? {} : { logLevel: level }),
          ...(format === undefined ? {} : { logFormat: format }),
        });
        ctx.emit(
          { apiUrl: node.apiUrl, home: ctx.options.home, chainId: node.ledger.status().chainId },
          () => {
            printEndpoints(ctx, node.apiUrl, ctx.options.home);
          },
        );
        // Runs until Ctrl-C, or until the chain reaches an upgrade this build cannot run: then
        // the node stops cleanly and the command exits 8 with what to run instead.
        const halted = await Promise.race([untilSignal().then(() => undefined), node.halted]);
        await node.stop();
        if (halted !== undefined) throw halted;
      }),
    );
  withExamples(cmd, [
    'polity start --home ~/.polity',
    'polity start --api-port 8080 --log-format pretty',
  ]);
}

function registerDev(program: Command, io: CliIo): void {
  const cmd = program
    .command('dev')
    .description(
      'start a throwaway local chain with funded dev accounts (keys in an UNENCRYPTED test keystore)',
    )
    .option('--keep', 'keep the home directory when stopping (a kept --home is resumed next time)')
    .option('--port <port>', 'API port (0 picks a free one)', '26657')
    .option('--accounts <n>', 'number of funded dev accounts', '4')
    .option('--chain-id <id>', 'chain id of the dev chain', 'polity-dev')
    .option('--block-interval-ms <ms>', 'block interval while transactions wait', '200')
    .option(
      '--governance <periods>',
      'governance periods: instant (10 s votes), fast (60 s votes) or standard (days)',
      'fast',
    )
    .option('--log-level <level>', 'debug, info, warn, error or silent')
    .option('--log-format <format>', 'json or pretty (default: pretty on a terminal, else json)')
    .action(
      action<DevOptions>(io, async (ctx, _args, opts) => {
        const { runDevChain } = await import('../../node/index.ts');
        // --home is used (and kept) only when given explicitly; otherwise a temporary home.
        const explicitHome = program.getOptionValueSource('home') === 'cli';
        const level = logLevel(opts.logLevel) ?? (ctx.options.json ? 'warn' : 'info');
        const dev = await runDevChain({
          ...(explicitHome ? { home: ctx.options.home } : {}),
          chainId: opts.chainId ?? 'polity-dev',
          accounts: integer(opts.accounts, '--accounts', 1, 1000) ?? 4,
          apiPort: integer(opts.port, '--port', 0, 65_535) ?? 26_657,
          blockIntervalMs: integer(opts.blockIntervalMs, '--block-interval-ms', 1, 600_000) ?? 200,
          governance: periodsOption(opts.governance),
          keep: opts.keep === true || explicitHome,
          logLevel: level,
          logFormat: logFormat(opts.logFormat) ?? 'auto',
        });
        try {
          const keystore = createKeystore({ dir: join(dev.home, 'keys') });
          for (const a of dev.devAccounts)
            await keystore.add(a.name, a.signer, { backend: 'test' });
          // The table below says the keys are unencrypted; later commands need not repeat it.
          if (!ctx.options.json) await recordTestKeyNotice(join(dev.home, 'keys'));
          const keys = await keystore.list();
          const accounts = keys.map((k) => ({ name: k.name, address: k.address }));
          if (ctx.options.json) {
            // One line, so scripts and tests can read it while the node keeps running.
            ctx.io.stdout.write(
              JSON.stringify({
                apiUrl: dev.apiUrl,
                home: dev.home,
                chainId: dev.chainId,
                resumed: dev.resumed,
                accounts,
              }) + '\n',
            );
          } else {
            ctx.io.stdout.write(
              `Polity dev chain "${dev.chainId}" is running${dev.resumed ? ' (resumed)' : ''}.\n\n`,
            );
            const kept = opts.keep === true || explicitHome;
            printEndpoints(
              ctx,
              dev.apiUrl,
              `${dev.home}${kept ? '' : ' (deleted on exit; --keep to keep it)'}`,
            );
            ctx.io.stdout.write(
              '\nDev accounts (keys stored UNENCRYPTED, for this dev chain only):\n',
            );
            printTable(
              ctx.io,
              ['name', 'address'],
              accounts.map((a) => [a.name, a.address]),
            );
            ctx.io.stdout.write(
              `\nIn another terminal:\n  export POLITY_HOME=${dev.home} POLITY_NODE=${dev.apiUrl}\n  polity status\n  polity tx transfer --from dev0 --to ${accounts[1]?.address ?? '<address>'} --amount 1000\n\nStop with Ctrl-C.\n`,
            );
          }
          // A dev chain that reaches an upgrade this build cannot run keeps serving reads (its
          // status and every refused transaction say why); this says it once, here too.
          void dev.halted.then((reason) => {
            warn(
              ctx.io,
              ctx.options.json,
              `the chain halted: ${reason.message} Reads still work; Ctrl-C stops it.`,
            );
          });
          await untilSignal();
        } finally {
          await dev.stop();
        }
        // Where the chain lives on, since a kept temporary home has a name nobody chose.
        if ((opts.keep === true || explicitHome) && !ctx.options.json)
          ctx.io.stdout.write(
            `\nStopped. The home is kept at ${dev.home}; resume with: polity dev --home ${dev.home}\n`,
          );
      }),
    );
  withExamples(cmd, ['polity dev', 'polity dev --home ./devnet --port 0 --json']);
}

/** Registers the node commands (init, start, dev) on `program`. */
export function registerNodeCommands(program: Command, io: CliIo): void {
  registerInit(program, io);
  registerStart(program, io);
  registerDev(program, io);
}

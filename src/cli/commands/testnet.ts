// `polity testnet init` and `polity testnet start`: a multi-validator BFT chain on this machine.
// `start` runs every node as its own `polity start` process (so one can be killed or restarted
// like a real validator), waits until each API answers, prints the endpoints, and stops them all
// on Ctrl-C. Node output goes to `<dir>/nodeN/node.log`.
import { nodeErrors } from '../../node/index.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { cliErrors } from '../errors.ts';
import { action, withExamples } from '../action.ts';
import { periodsOption } from './node.ts';
import type { CliIo } from '../io.ts';
import { createKeystore } from '../keystore/index.ts';
import { printFields, printTable } from '../output.ts';

interface InitOptions {
  validators: string;
  out: string;
  chainId: string;
  basePort: string;
  accounts: string;
  powers?: string;
  blockTxsMax?: string;
  governance: string;
  admission: string;
  allowConcentratedPower?: boolean;
}

const startupTimeoutMs = 60_000;

function admissionOption(value: string): 'consortium' | 'public' {
  if (value !== 'consortium' && value !== 'public')
    throw nodeErrors.invalid_argument({
      problem: `--admission is consortium or public; got "${value}".`,
    });
  return value;
}

function positive(value: string, flag: string, max: number): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n < 1 || n > max) {
    throw nodeErrors.invalid_argument({
      problem: `${flag} must be an integer from 1 to ${max}; got "${value}".`,
    });
  }
  return n;
}

/** The CLI entry script, to start node processes with the same build. */
function polityBin(): string {
  return fileURLToPath(new URL('../../../bin/polity.js', import.meta.url));
}

async function waitForApi(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + startupTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw cliErrors.node_exited({ url });
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw cliErrors.node_start_timeout({ url });
    await new Promise((r) => setTimeout(r, 200));
  }
}

function registerInit(parent: Command, io: CliIo): void {
  const cmd = parent
    .command('init')
    .description('write genesis, keys and configs for N local validators into --out')
    .requiredOption('--validators <n>', 'number of validators (1-32)')
    .requiredOption('--out <dir>', 'directory for the testnet (one home per node)')
    .option('--chain-id <id>', 'chain id', 'polity-testnet')
    .option('--base-port <port>', 'node i uses ports base+2i (p2p) and base+2i+1 (API)', '26600')
    .option('--accounts <n>', 'funded test accounts (keys stored UNENCRYPTED in <out>/keys)', '4')
    .option('--powers <list>', 'comma-separated voting power per validator (default: equal)')
    .option(
      '--allow-concentrated-power',
      'create it even if one validator holds two thirds or more of the voting power (it could commit blocks alone)',
    )
    .option('--block-txs-max <n>', 'most transactions per block (default: sized for a laptop)')
    .option(
      '--governance <periods>',
      'governance periods: standard (days), fast (60 s votes) or instant (10 s votes)',
      'standard',
    )
    .option(
      '--admission <mode>',
      'consortium (stake holders admitted by proposal) or public (bonded stake, slashing)',
      'consortium',
    )
    .action(
      action<InitOptions>(io, async (ctx, _args, opts) => {
        const { initTestnet } = await import('../../node/index.ts');
        const validators = positive(opts.validators, '--validators', 32);
        const powers = opts.powers?.split(',').map((p) => positive(p.trim(), '--powers', 1e12));
        const { manifest, accountSigners, validatorSigners, warnings } = await initTestnet({
          out: opts.out,
          validators,
          chainId: opts.chainId,
          basePort: positive(opts.basePort, '--base-port', 65_000),
          accounts: positive(opts.accounts, '--accounts', 1000),
          balance: 1_000_000_000_000n,
          ...(opts.blockTxsMax === undefined
            ? {}
            : { blockTxsMax: positive(opts.blockTxsMax, '--block-txs-max', 20_000) }),
          ...(powers === undefined ? {} : { powers }),
          governance: periodsOption(opts.governance),
          admission: admissionOption(opts.admission),
          allowConcentratedPower: opts.allowConcentratedPower === true,
        });
        for (const w of warnings) ctx.io.stderr.write(`warning: ${w}\n`);
        const keystore = createKeystore({ dir: join(resolve(opts.out), 'keys') });
        for (const a of accountSigners) await keystore.add(a.name, a.signer, { backend: 'test' });
        // On a public chain the validators' keys operate the genesis validators (they vote for
        // them in the stake chamber and unjail them); a local testnet keeps them with the others.
        if (opts.admission === 'public')
          for (const v of validatorSigners)
            await keystore.add(v.name, v.signer, { backend: 'test' });
        ctx.emit(manifest, () => {
          printTable(
            ctx.io,
            ['node', 'api', 'validator', 'power'],
            manifest.nodes.map((n) => [n.name, n.apiUrl, n.validator, String(n.power)]),
          );
          ctx.io.stdout.write(
            `\nTest accounts (UNENCRYPTED keys in ${join(resolve(opts.out), 'keys')}): ${manifest.accounts.map((a) => a.name).join(', ')}\n` +
              `Start it with: polity testnet start ${opts.out}\n`,
          );
        });
      }),
    );
  withExamples(cmd, [
    'polity testnet init --validators 4 --out ./testnet',
    'polity testnet init --validators 4 --out ./testnet --powers 40,30,20,10',
  ]);
}

function registerStart(parent: Command, io: CliIo): void {
  const cmd = parent
    .command('start')
    .description('run every node of a testnet as its own process until Ctrl-C')
    .argument('<dir>', 'the testnet directory (from testnet init)')
    .action(
      action<Record<string, never>>(io, async (ctx, args) => {
        const dir = String(args[0]);
        const { readTestnetManifest } = await import('../../node/index.ts');
        const manifest = await readTestnetManifest(dir);
        const children: ChildProcess[] = [];
        const stopAll = async (): Promise<void> => {
          await Promise.all(
            children.map(
              (child) =>
                new Promise<void>((done) => {
                  if (child.exitCode !== null || child.signalCode !== null) {
                    done();
                    return;
                  }
                  child.once('exit', () => {
                    done();
                  });
                  child.kill('SIGTERM');
                }),
            ),
          );
        };
        try {
          for (const node of manifest.nodes) {
            const log = createWriteStream(join(node.home, 'node.log'), { flags: 'a' });
            const child = spawn(process.execPath, [polityBin(), 'start', '--home', node.home], {
              stdio: ['ignore', 'pipe', 'pipe'],
            });
            child.stdout.pipe(log);
            child.stderr.pipe(log);
            children.push(child);
          }
          await Promise.all(
            manifest.nodes.map((node, i) => {
              const child = children[i];
              return child === undefined ? Promise.resolve() : waitForApi(node.apiUrl, child);
            }),
          );
        } catch (error) {
          await stopAll();
          throw error;
        }
        ctx.emit(
          {
            chainId: manifest.chainId,
            nodes: manifest.nodes.map((n, i) => ({ ...n, pid: children[i]?.pid })),
          },
          () => {
            printFields(ctx.io, [['chain id', manifest.chainId]]);
            ctx.io.stdout.write('\n');
            printTable(
              ctx.io,
              ['node', 'api', 'pid', 'log'],
              manifest.nodes.map((n, i) => [
                n.name,
                n.apiUrl,
                String(children[i]?.pid ?? ''),
                join(n.home, 'node.log'),
              ]),
            );
            ctx.io.stdout.write(
              `\nTry: polity status --node ${manifest.nodes[0]?.apiUrl ?? ''}\nStop with Ctrl-C.\n`,
            );
          },
        );
        await new Promise<void>((done) => {
          process.once('SIGINT', () => {
            done();
          });
          process.once('SIGTERM', () => {
            done();
          });
        });
        await stopAll();
      }),
    );
  withExamples(cmd, ['polity testnet start ./testnet']);
}

/** Registers `polity testnet …`. */
export function registerTestnetCommands(program: Command, io: CliIo): void {
  const testnet = program
    .command('testnet')
    .description('a local multi-validator BFT chain: init, then start');
  registerInit(testnet, io);
  registerStart(testnet, io);
}

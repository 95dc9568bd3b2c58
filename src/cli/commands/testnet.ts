// `polity testnet init` and `polity testnet start`: a multi-validator BFT chain on this machine.
// `start` runs every node as its own `polity start` process (so one can be killed or restarted
// like a real validator), waits until each API answers, prints the endpoints, and stops them all
// on Ctrl-C. Node output goes to `<dir>/nodeN/node.log`. The supervisor (src/node/
// testnetSupervisor.ts) reports a node that dies and restarts one on `polity testnet restart`.
import { nodeErrors } from '../../node/index.ts';
import type { ChildProcess } from 'node:child_process';
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
        const { readTestnetManifest, startTestnetSupervisor } = await import('../../node/index.ts');
        const manifest = await readTestnetManifest(dir);
        const supervisor = await startTestnetSupervisor({
          dir,
          nodes: manifest.nodes,
          command: (home) => ({
            file: process.execPath,
            args: [polityBin(), 'start', '--home', home],
          }),
          waitReady: (node, child) => waitForApi(node.apiUrl, child),
          // A node that dies is reported at once, with what its log said last.
          onDeath: (death) => {
            const how =
              death.signal === null ? `code ${death.code ?? '?'}` : `signal ${death.signal}`;
            ctx.io.stderr.write(
              `\n${death.name} exited (${how}). Last lines of ${death.log}:\n` +
                death.lastLines.map((l) => `  ${l}\n`).join('') +
                `Restart it with: polity testnet restart ${dir} ${death.name}\n`,
            );
          },
        });
        const pids = supervisor.pids();
        ctx.emit(
          {
            chainId: manifest.chainId,
            nodes: manifest.nodes.map((n, i) => ({ ...n, pid: pids[i] })),
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
                String(pids[i] ?? ''),
                join(n.home, 'node.log'),
              ]),
            );
            ctx.io.stdout.write(
              `\nTry: polity status --node ${manifest.nodes[0]?.apiUrl ?? ''}\n` +
                `Restart a node with: polity testnet restart ${dir} NODE\nStop with Ctrl-C.\n`,
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
        await supervisor.stop();
      }),
    );
  withExamples(cmd, ['polity testnet start ./testnet']);
}

function registerRestart(parent: Command, io: CliIo): void {
  const cmd = parent
    .command('restart')
    .description('restart one node under the running `testnet start` (it stops with the others)')
    .argument('<dir>', 'the testnet directory')
    .argument('<node>', 'the node to restart, as testnet start lists it (node0, node1, …)')
    .action(
      action<Record<string, never>>(io, async (ctx, args) => {
        const dir = String(args[0]);
        const name = String(args[1]);
        const { readTestnetManifest, requestTestnetRestart } = await import('../../node/index.ts');
        const manifest = await readTestnetManifest(dir);
        const restarted = await requestTestnetRestart(dir, manifest.nodes, name);
        ctx.emit(restarted, () => {
          printFields(ctx.io, [
            ['restarted', restarted.name],
            ['pid', String(restarted.pid ?? '')],
          ]);
        });
      }),
    );
  withExamples(cmd, ['polity testnet restart ./testnet node2']);
}

/** Registers `polity testnet …`. */
export function registerTestnetCommands(program: Command, io: CliIo): void {
  const testnet = program
    .command('testnet')
    .description('a local multi-validator BFT chain: init, then start (restart one node)');
  registerInit(testnet, io);
  registerStart(testnet, io);
  registerRestart(testnet, io);
}

// `polity export` and `polity fork`: a verifiable snapshot of a chain's state at a height, and a
// new chain (its own chain id) continuing from it. See docs/forks.md.
import { nodeErrors } from '../../node/index.ts';
import { access } from 'node:fs/promises';
import type { Command } from 'commander';
import { addressOf, formatAddress, generateSigner } from '../../crypto/index.ts';
import { toHex } from '../../lib/index.ts';
import { action, withExamples } from '../action.ts';
import { parseCount } from '../buildTx.ts';
import type { CliIo } from '../io.ts';
import { printFields } from '../output.ts';

/** Registers `export` and `fork`. */
export function registerForkCommands(program: Command, io: CliIo): void {
  withExamples(
    program
      .command('export')
      .description(
        "write a verifiable snapshot of the chain's whole state at a height (node stopped)",
      )
      .requiredOption('--out <file>', 'the snapshot file to write')
      .option('--height <n>', 'the height (default: the newest committed one)'),
    ['polity export --home ~/.polity --height 120000 --out state-120000.json'],
  ).action(
    action<{ out: string; height?: string }>(io, async (ctx, _args, opts) => {
      const { exportSnapshot } = await import('../../node/index.ts');
      const result = await exportSnapshot({
        home: ctx.options.home,
        out: opts.out,
        ...(opts.height === undefined ? {} : { height: parseCount(opts.height, '--height') }),
      });
      ctx.emit({ ...result, file: opts.out }, () => {
        printFields(ctx.io, [
          ['height', result.height],
          ['entries', result.entries],
          ['state root', result.stateRoot],
          ['file', opts.out],
        ]);
      });
    }),
  );

  withExamples(
    program
      .command('fork')
      .description(
        'make a node home for a new chain that continues a snapshot under its own chain id',
      )
      .requiredOption('--from <snapshot>', 'a snapshot written by polity export')
      .requiredOption('--chain-id <id>', "the new chain's id (must differ from the original's)")
      .requiredOption('--out <home>', 'the new node home to create')
      .option(
        '--validator-key-from <home>',
        "use the validator key of this home (one of the snapshot's validators)",
      ),
    [
      'polity fork --from state-120000.json --chain-id polity-classic --out ~/.polity-classic --validator-key-from ~/.polity',
    ],
  ).action(
    action<{ from: string; chainId: string; out: string; validatorKeyFrom?: string }>(
      io,
      async (ctx, _args, opts) => {
        const { readSnapshot, forkGenesis, writeHome, defaultNodeConfig, readValidatorKey } =
          await import('../../node/index.ts');
        const exists = await access(opts.out).then(
          () => true,
          () => false,
        );
        if (exists)
          throw nodeErrors.home_exists({
            path: opts.out,
            hint: 'a fork gets a new home. Choose another --out.',
          });
        const snapshot = await readSnapshot(opts.from);
        const genesis = forkGenesis(snapshot, opts.chainId);
        const signer =
          opts.validatorKeyFrom === undefined
            ? generateSigner('ed25519')
            : await readValidatorKey(opts.validatorKeyFrom);
        const self = addressOf(signer.publicKey);
        const validating = genesis.validators.some(
          (v) => formatAddress(v.address) === formatAddress(self),
        );
        // One validator that is this node: a solo chain; otherwise the network of the snapshot's
        // validators, whose operators add each other as peers (docs/forks.md).
        const solo = genesis.validators.length === 1 && validating;
        await writeHome(
          opts.out,
          { ...defaultNodeConfig, consensus: { mode: solo ? 'solo' : 'bft', timeouts: {} } },
          genesis,
          signer,
        );
        const summary = {
          home: opts.out,
          chainId: genesis.chainId,
          from: {
            chainId: snapshot.file.chainId,
            height: snapshot.file.height,
            blockHash: toHex(snapshot.blockHash),
          },
          stateRoot: toHex(snapshot.stateRoot),
          validators: genesis.validators.map((v) => formatAddress(v.address)),
          validating,
        };
        ctx.emit(summary, () => {
          printFields(ctx.io, [
            ['home', opts.out],
            ['chain id', genesis.chainId],
            ['continues', `${snapshot.file.chainId} at height ${snapshot.file.height}`],
            ['block hash', toHex(snapshot.blockHash)],
            ['state root', toHex(snapshot.stateRoot)],
            ['validators', genesis.validators.length],
            ['this node', validating ? 'a validator' : 'not a validator (no --validator-key-from)'],
          ]);
          ctx.io.stdout.write(
            `\nCheck the block hash above against a node of ${snapshot.file.chainId} you trust, then: polity start --home ${opts.out}\n`,
          );
        });
      },
    ),
  );
}

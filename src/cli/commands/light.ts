// `polity light verify`: trust one block (its height and hash, learned out of band) and let the
// light client verify, from the node's answers alone, the chain up to a later height — commit
// signatures of validators already trusted, bisecting across validator-set changes — and, if
// asked, an account proved against the verified header. Nothing the node says is believed
// unless it verifies; a failure exits 6 with the typed error.
import { nodeErrors } from '../../node/index.ts';
import type { Command } from 'commander';
import { createLightClient } from '../../api/client/index.ts';
import { apiErrors } from '../../api/index.ts';
import { toHex } from '../../lib/index.ts';
import { action, withExamples } from '../action.ts';
import type { CliIo } from '../io.ts';
import { formatAmount, printFields } from '../output.ts';

interface VerifyOptions {
  trustHeight: string;
  trustHash: string;
  height?: string;
  account?: string;
}

function height(value: string, flag: string): number {
  if (!/^[0-9]{1,15}$/.test(value) || Number(value) < 1) {
    throw nodeErrors.invalid_argument({
      problem: `${flag} must be a block height (1 or more); got "${value}".`,
    });
  }
  return Number(value);
}

/** Registers `polity light …`. */
export function registerLightCommands(program: Command, io: CliIo): void {
  const light = program
    .command('light')
    .description('verify the chain and its state as a light client');
  const cmd = light
    .command('verify')
    .description(
      'verify headers from a trusted block up to a later height (and optionally an account)',
    )
    .requiredOption('--trust-height <h>', 'height of the block you trust')
    .requiredOption('--trust-hash <hex>', 'hash of the block you trust')
    .option('--height <h>', 'height to verify (default: the latest)')
    .option('--account <address|key>', 'also verify this account against the verified header')
    .action(
      action<VerifyOptions>(io, async (ctx, _args, opts) => {
        if (!/^[0-9a-fA-F]{64}$/.test(opts.trustHash)) {
          throw apiErrors.invalid_hash({
            where: '--trust-hash',
            problem: 'not a block hash',
          });
        }
        const lightClient = createLightClient(ctx.client(), {
          height: height(opts.trustHeight, '--trust-height'),
          hash: opts.trustHash.toLowerCase(),
        });
        const target = opts.height === undefined ? undefined : height(opts.height, '--height');
        const verified = await lightClient.verifyHeader(target);
        const account =
          opts.account === undefined
            ? undefined
            : await lightClient.verifiedAccount(await ctx.resolveAddress(opts.account));
        const result = {
          trusted: { height: Number(opts.trustHeight), hash: opts.trustHash.toLowerCase() },
          verified: {
            height: verified.header.height,
            hash: toHex(verified.hash),
            stateRoot: toHex(verified.header.stateRoot),
            validatorsHash: toHex(verified.header.validatorsHash),
          },
          path: verified.path,
          fetches: verified.fetches,
          ...(account === undefined
            ? {}
            : {
                account: {
                  address: account.account.address,
                  balance: account.account.balance,
                  nonce: account.account.nonce,
                  height: account.header.header.height,
                },
              }),
        };
        ctx.emit(result, () => {
          printFields(ctx.io, [
            ['trusted', `block ${result.trusted.height} ${result.trusted.hash}`],
            ['verified', `block ${result.verified.height} ${result.verified.hash}`],
            ['state root', result.verified.stateRoot],
            ['validators', result.verified.validatorsHash],
            [
              'path',
              result.path.length === 0 ? '(the trusted block itself)' : result.path.join(' → '),
            ],
            ['fetches', result.fetches],
          ]);
          if (account !== undefined) {
            ctx.io.stdout.write('\n');
            printFields(ctx.io, [
              ['address', account.account.address],
              ['balance', formatAmount(account.account.balance)],
              ['nonce', account.account.nonce],
              ['proof', `verified against light-verified block ${account.header.header.height}`],
            ]);
          }
        });
      }),
    );
  withExamples(cmd, [
    'polity light verify --trust-height 1 --trust-hash 3fa9… --node http://127.0.0.1:26601',
    'polity light verify --trust-height 100 --trust-hash 3fa9… --account pol1… --json',
  ]);
}

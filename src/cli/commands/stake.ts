// `polity stake …` (public chains): register a validator, delegate, undelegate, withdraw, unjail,
// and read validators and delegations.
import { nodeErrors } from '../../node/index.ts';
import type { Command } from 'commander';
import { parseAddress } from '../../crypto/index.ts';
import type { StakeValidatorJson } from '../../api/client/index.ts';
import { fromHex } from '../../lib/index.ts';
import { action, withExamples } from '../action.ts';
import { parseAmount, parseCount } from '../buildTx.ts';
import type { CliIo } from '../io.ts';
import { formatAmount, printFields, printTable } from '../output.ts';
import { submit, withTxOptions, type TxOptions } from './tx.ts';

function status(v: StakeValidatorJson): string {
  if (v.tombstoned) return 'tombstoned';
  if (v.jailedUntilMs !== null) return `jailed until ${new Date(v.jailedUntilMs).toISOString()}`;
  return 'active';
}

/** Registers `stake` and its subcommands. */
export function registerStakeCommands(program: Command, io: CliIo): void {
  const stake = withExamples(
    program
      .command('stake')
      .description('bonded stake on public chains: validators and delegation'),
    [
      'polity stake validators',
      'polity stake delegate --validator pol1… --amount 5000000 --from alice',
      'polity stake undelegate --validator pol1… --amount 5000000 --from alice',
      'polity stake withdraw --from alice',
    ],
  );

  withTxOptions(
    stake.command('create-validator').description('register a validator with a self-bond'),
  )
    .requiredOption(
      '--consensus-key <hex>',
      "the validator's ed25519 consensus public key (64 hex)",
    )
    .requiredOption('--amount <upol>', 'self-bond')
    .option('--moniker <name>', 'a public name', '')
    .option('--commission-bps <n>', 'commission in basis points', '0')
    .action(
      action<
        TxOptions & { consensusKey: string; amount: string; moniker: string; commissionBps: string }
      >(io, async (ctx, _args, opts) => {
        const bytes = fromHex(opts.consensusKey);
        if (bytes?.length !== 32)
          throw nodeErrors.invalid_argument({
            problem: '--consensus-key is 64 hex characters (ed25519).',
          });
        await submit(ctx, opts, [
          {
            type: 'stake.create-validator',
            publicKey: { scheme: 'ed25519', bytes },
            moniker: opts.moniker,
            commissionBps: parseCount(opts.commissionBps, '--commission-bps'),
            amount: parseAmount(opts.amount, '--amount'),
          },
        ]);
      }),
    );

  for (const [name, type, description] of [
    ['delegate', 'stake.delegate', 'bond stake with a validator'],
    ['undelegate', 'stake.undelegate', 'start unbonding (withdraw after the unbonding period)'],
  ] as const) {
    withTxOptions(stake.command(name).description(description))
      .requiredOption('--validator <address>', 'the validator')
      .requiredOption('--amount <upol>', 'amount')
      .action(
        action<TxOptions & { validator: string; amount: string }>(io, async (ctx, _args, opts) => {
          await submit(ctx, opts, [
            {
              type,
              validator: parseAddress(await ctx.resolveAddress(opts.validator)),
              amount: parseAmount(opts.amount, '--amount'),
            },
          ]);
        }),
      );
  }

  withTxOptions(
    stake.command('withdraw').description('collect every unbonding that is complete'),
  ).action(
    action<TxOptions>(io, async (ctx, _args, opts) => {
      await submit(ctx, opts, [{ type: 'stake.withdraw' }]);
    }),
  );

  withTxOptions(
    stake.command('unjail').description('return a jailed validator to the set (its operator only)'),
  )
    .requiredOption('--validator <address>', 'the validator')
    .action(
      action<TxOptions & { validator: string }>(io, async (ctx, _args, opts) => {
        await submit(ctx, opts, [
          {
            type: 'stake.unjail',
            validator: parseAddress(await ctx.resolveAddress(opts.validator)),
          },
        ]);
      }),
    );

  stake
    .command('validators')
    .description(
      'every registered validator: bonded stake, voting power (after the cap on one validator’s share), the stake beyond the cap, status',
    )
    .action(
      action(io, async (ctx) => {
        const doc = await ctx.client().staking();
        ctx.emit(doc, () => {
          printTable(
            ctx.io,
            ['VALIDATOR', 'MONIKER', 'STAKE', 'POWER', 'BEYOND CAP', 'STATUS', 'SLASHES'],
            doc.validators.map((v) => [
              v.address,
              v.moniker,
              formatAmount(v.tokens),
              String(v.power),
              formatAmount(v.excessTokens),
              status(v),
              String(v.slashes.length),
            ]),
          );
          const capPercent = (doc.params.powerCapBps / 100).toFixed(2);
          ctx.io.stdout.write(
            `\nno validator's voting power exceeds ${capPercent}% of the total; stake beyond that stays bonded (and slashable) but adds no power\n`,
          );
        });
      }),
    );

  stake
    .command('show <address>')
    .description(
      "a validator's stake and slashes (each with its evidence), or an account's delegations",
    )
    .option('--prove', 'verify a validator record against a committed header')
    .action(
      action<{ prove?: boolean }>(io, async (ctx, args, opts) => {
        const address = await ctx.resolveAddress(String(args[0]));
        const client = ctx.client();
        const staking = await client.staking();
        if (staking.validators.some((v) => v.address === address)) {
          const doc = await client.stakeValidator(address, { prove: opts.prove === true });
          const v = doc.validator;
          ctx.emit(doc, () => {
            printFields(ctx.io, [
              ['validator', v.address],
              ['operator', v.operator],
              ['stake', formatAmount(v.tokens)],
              ['power', v.power],
              ['power uncapped', v.uncappedPower],
              ['beyond the cap', formatAmount(v.excessTokens)],
              ['missed blocks', v.missedBlocks],
              ['status', status(v)],
              ['commission', `${(v.commissionBps / 100).toFixed(2)}%`],
            ]);
            if (v.slashes.length > 0)
              printTable(
                ctx.io,
                ['REASON', 'INFRACTION', 'AT', 'BURNED', 'EVIDENCE'],
                v.slashes.map((s) => [
                  s.reason,
                  String(s.infractionHeight),
                  String(s.height),
                  formatAmount(s.amount),
                  s.evidenceHash ?? '',
                ]),
              );
            if (opts.prove === true) ctx.io.stdout.write('proof: verified\n');
          });
          return;
        }
        const doc = await client.delegator(address);
        ctx.emit(doc, () => {
          ctx.io.stdout.write('delegations\n');
          printTable(
            ctx.io,
            ['VALIDATOR', 'STAKE'],
            doc.delegations.map((x) => [x.validator, formatAmount(x.tokens)]),
          );
          ctx.io.stdout.write('\nunbondings\n');
          printTable(
            ctx.io,
            ['VALIDATOR', 'AMOUNT', 'STARTED', 'COMPLETES'],
            doc.unbondings.map((x) => [
              x.validator,
              formatAmount(x.tokens),
              String(x.height),
              new Date(x.completeAtMs).toISOString(),
            ]),
          );
        });
      }),
    );
}

// `polity gov …`: propose (govPropose.ts), deposit, vote, delegate, and read proposals, tallies,
// chambers and capture metrics (shown by govShow.ts). Inputs are checked before the key is
// unlocked; reads can be proved (--prove).
import { nodeErrors } from '../../node/index.ts';
import type { Command } from 'commander';
import { parseAddress } from '../../crypto/index.ts';
import {
  choices,
  chambers,
  type Chamber,
  type Choice,
  type Message,
} from '../../execution/index.ts';
import { action, withExamples } from '../action.ts';
import { amountHelp, parseAmount, parseCount } from '../buildTx.ts';
import type { CliIo } from '../io.ts';
import { printTable } from '../output.ts';
import { oneOf, registerProposeCommands } from './govPropose.ts';
import {
  count,
  printResults,
  proofNote,
  showCapture,
  showChambers,
  showProposal,
} from './govShow.ts';
import { submit, withTxOptions, type TxOptions } from './tx.ts';

/** Registers `gov` and its subcommands. */
export function registerGovCommands(program: Command, io: CliIo): void {
  const gov = withExamples(
    program.command('gov').description('governance: proposals, votes, delegation, capture metrics'),
    [
      'polity gov propose treasury --from alice --title "Fund the explorer" --to pol1… --amount 50000',
      'polity gov vote 3 yes --chamber members --from alice',
      'polity gov tally 3',
      'polity gov capture',
    ],
  );
  registerProposeCommands(gov, io);

  withTxOptions(
    gov.command('deposit <id>').description('add to the deposit of a proposal not yet in voting'),
  )
    .requiredOption('--amount <upol>', amountHelp)
    .action(
      action<TxOptions & { amount: string }>(io, async (ctx, args, opts) => {
        const message: Message = {
          type: 'gov.deposit',
          proposal: parseCount(String(args[0]), 'the proposal id'),
          amount: parseAmount(opts.amount, '--amount'),
        };
        await submit(ctx, opts, [message]);
      }),
    );

  withExamples(
    withTxOptions(
      gov
        .command('vote <id> <choice>')
        .description('vote yes, no, abstain or veto (votes can change until voting ends)'),
    )
      .requiredOption(
        '--chamber <chambers>',
        `${chambers.join(' | ')}; several, comma-separated, vote the same in each (one transaction)`,
      )
      .option('--candidates <addresses>', 'elections: the candidates you approve, comma-separated'),
    [
      'polity gov vote 3 yes --chamber stake --from org-a',
      'polity gov vote 4 yes --chamber members --candidates pol1…,pol1… --from alice',
    ],
  ).action(
    action<TxOptions & { chamber: string; candidates?: string }>(io, async (ctx, args, opts) => {
      const named = opts.chamber
        .split(',')
        .map((c) => oneOf<Chamber>(c.trim(), chambers, '--chamber'));
      const choice = oneOf<Choice>(String(args[1]), choices, 'the choice');
      const candidates =
        opts.candidates === undefined
          ? []
          : await Promise.all(
              opts.candidates
                .split(',')
                .map(async (a) => parseAddress(await ctx.resolveAddress(a.trim()))),
            );
      const proposal = parseCount(String(args[0]), 'the proposal id');
      const messages: Message[] = [...new Set(named)].map((chamber) => ({
        type: 'gov.vote',
        proposal,
        chamber,
        choice,
        candidates,
      }));
      await submit(ctx, opts, messages);
    }),
  );

  withTxOptions(
    gov.command('delegate').description("follow another member's vote unless you vote yourself"),
  )
    .option('--to <member>', 'the member to follow')
    .option('--clear', 'stop delegating')
    .action(
      action<TxOptions & { to?: string; clear?: boolean }>(io, async (ctx, _args, opts) => {
        if ((opts.to === undefined) === (opts.clear !== true))
          throw nodeErrors.invalid_argument({ problem: 'Give --to <member> or --clear.' });
        const to =
          opts.to === undefined ? undefined : parseAddress(await ctx.resolveAddress(opts.to));
        await submit(ctx, opts, [{ type: 'gov.delegate', chamber: 'members', to }]);
      }),
    );

  gov
    .command('list')
    .description('proposals, newest first')
    .option('--limit <n>', 'how many', '20')
    .action(
      action<{ limit: string }>(io, async (ctx, _args, opts) => {
        const page = await ctx.client().proposals({ limit: parseCount(opts.limit, '--limit') });
        ctx.emit(page, () => {
          printTable(
            ctx.io,
            ['ID', 'KIND', 'STATUS', 'TITLE'],
            page.proposals.map((p) => [String(p.id), p.kind, p.status, p.title]),
          );
        });
      }),
    );

  gov
    .command('tally <id>')
    .description('a proposal and its count: recorded once decided, as it stands while voting')
    .option('--prove', 'verify the proposal against a committed header')
    .action(
      action<{ prove?: boolean }>(io, async (ctx, args, opts) => {
        const id = parseCount(String(args[0]), 'the proposal id');
        const doc = await ctx.client().proposal(id, { prove: opts.prove === true });
        ctx.emit(doc, () => {
          showProposal(ctx.io, doc.proposal);
          if (doc.tally !== null) {
            ctx.io.stdout.write(`\nif voting ended now: ${doc.tally.outcome}\n`);
            printResults(ctx.io, doc.tally.results, doc.proposal.policy.yesEntitiesMin);
          }
          proofNote(ctx.io, doc.proof);
        });
      }),
    );

  gov
    .command('chambers')
    .description('who votes: stake holders, members and their delegates, the council')
    .action(
      action(io, async (ctx) => {
        const doc = await ctx.client().chambers();
        ctx.emit(doc, () => {
          showChambers(ctx.io, doc);
        });
      }),
    );

  withExamples(
    gov
      .command('capture')
      .description('how few parties could decide alone: per chamber and per kind of proposal')
      .option('--height <n>', 'the metrics in force at this height')
      .option('--history', 'every change of the metrics, newest first')
      .option('--prove', 'verify against a committed header'),
    ['polity gov capture', 'polity gov capture --history --json'],
  ).action(
    action<{ height?: string; history?: boolean; prove?: boolean }>(
      io,
      async (ctx, _args, opts) => {
        const client = ctx.client();
        if (opts.history === true) {
          const page = await client.captureHistory({});
          ctx.emit(page, () => {
            printTable(
              ctx.io,
              ['HEIGHT', 'STAKE ⅓', 'MEMBERS ⅓', 'MAINTAINERS ⅓'],
              page.entries.map((e) => [
                String(e.height),
                ...e.chambers.map((c) => count(c.nakamoto.third)),
              ]),
            );
          });
          return;
        }
        const doc = await client.capture({
          prove: opts.prove === true,
          height: opts.height === undefined ? undefined : parseCount(opts.height, '--height'),
        });
        ctx.emit(doc, () => {
          if (doc.capture === null) {
            ctx.io.stdout.write('no capture metrics yet (no block since genesis)\n');
            return;
          }
          showCapture(ctx.io, doc.capture);
          proofNote(ctx.io, doc.proof);
        });
      },
    ),
  );
}

// `polity gov …`: propose, deposit, vote, delegate, and read proposals, tallies, chambers and
// capture metrics. Inputs are checked before the key is unlocked; reads can be proved (--prove).
import type { Command } from 'commander';
import { parseAddress } from '../../crypto/index.ts';
import { fromHex, polityError, utf8 } from '../../lib/index.ts';
import {
  choices,
  chambers,
  defaultGovernanceParams,
  governanceLimits,
  governanceParamsFromJson,
  kindOfAction,
  moduleTable,
  type Chamber,
  type Choice,
  type GovernanceParams,
  type Message,
  type ProposalAction,
} from '../../execution/index.ts';
import type { GovDocumentJson } from '../../api/client/index.ts';
import { action, withExamples } from '../action.ts';
import { parseAmount, parseCount } from '../buildTx.ts';
import type { CommandContext } from '../context.ts';
import { readFileBounded } from '../input.ts';
import type { CliIo } from '../io.ts';
import { formatAmount, printFields, printTable } from '../output.ts';
import { submit, withTxOptions, type TxOptions } from './tx.ts';

interface ProposeOptions extends TxOptions {
  readonly title: string;
  readonly text?: string;
  readonly textFile?: string;
  readonly deposit?: string;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw polityError(
      'invalid_argument',
      'invalid',
      `${flag} must be one of ${allowed.join(', ')}; got "${value}".`,
    );
  return value as T;
}

async function proposalText(opts: ProposeOptions): Promise<string> {
  if (opts.text !== undefined && opts.textFile !== undefined)
    throw polityError('invalid_argument', 'invalid', 'Give --text or --text-file, not both.');
  const text =
    opts.textFile === undefined
      ? (opts.text ?? '')
      : new TextDecoder().decode(
          await readFileBounded(opts.textFile, governanceLimits.textBytesMax, 'The proposal text'),
        );
  if (utf8(text).length > governanceLimits.textBytesMax)
    throw polityError(
      'proposal_text_too_long',
      'invalid',
      `A proposal text is at most ${governanceLimits.textBytesMax} bytes; link to a longer document and put its hash in the text.`,
    );
  return text;
}

function withProposeOptions(command: Command): Command {
  return withTxOptions(command)
    .requiredOption('--title <text>', `title, at most ${governanceLimits.titleBytesMax} bytes`)
    .option('--text <text>', 'what the proposal does and why')
    .option('--text-file <path>', 'read the text from a file')
    .option('--deposit <upol>', "deposit in upol (default: the kind's minimum deposit)");
}

async function jsonFile(path: string, what: string): Promise<unknown> {
  const raw = await readFileBounded(path, 1024 * 1024, what);
  try {
    return JSON.parse(new TextDecoder().decode(raw));
  } catch {
    throw polityError('invalid_json', 'invalid', `${what} (${path}) is not valid JSON.`);
  }
}

function paramsFromGovernance(doc: GovDocumentJson): GovernanceParams {
  // The node's current parameters, rebuilt through the same parser with nothing changed.
  const gov = doc['governance'] as { params: unknown } | null;
  if (gov === null)
    throw polityError('governance_disabled', 'not_found', 'This chain has no governance.');
  return governanceParamsFromJson(gov.params, defaultGovernanceParams());
}

async function proposeWith(
  ctx: CommandContext,
  opts: ProposeOptions,
  action_: ProposalAction,
): Promise<void> {
  const title = opts.title;
  const bytes = utf8(title).length;
  if (bytes === 0 || bytes > governanceLimits.titleBytesMax)
    throw polityError(
      'proposal_title_invalid',
      'invalid',
      `--title is 1 to ${governanceLimits.titleBytesMax} bytes.`,
    );
  const text = await proposalText(opts);
  let deposit: bigint;
  if (opts.deposit !== undefined) {
    deposit = parseAmount(opts.deposit, '--deposit');
  } else {
    const params = paramsFromGovernance(await ctx.client().governance());
    deposit = params.policies[kindOfAction(action_)].depositMin;
  }
  await submit(ctx, opts, [{ type: 'gov.propose', title, text, deposit, action: action_ }]);
}

function showProposal(io: CliIo, p: Record<string, unknown>): void {
  const results = (p['results'] as Record<string, unknown>[] | undefined) ?? [];
  printFields(io, [
    ['id', p['id'] as number],
    ['kind', p['kind'] as string],
    ['status', p['status'] as string],
    ['title', p['title'] as string],
    ['action', JSON.stringify(p['action'])],
    ['deposit', formatAmount(p['deposit'] as string)],
    [
      'voting ends',
      p['votingEndMs'] === null ? undefined : new Date(p['votingEndMs'] as number).toISOString(),
    ],
    [
      'takes effect',
      p['enactAtMs'] === null ? undefined : new Date(p['enactAtMs'] as number).toISOString(),
    ],
    ['outcome', (p['outcome'] as string) === '' ? undefined : (p['outcome'] as string)],
  ]);
  if (results.length > 0) printResults(io, results);
}

function printResults(io: CliIo, results: readonly Record<string, unknown>[]): void {
  printTable(
    io,
    ['CHAMBER', 'YES', 'NO', 'ABSTAIN', 'VETO', 'ELIGIBLE', 'TURNOUT', 'QUORUM', 'VERDICT'],
    results.map((r) => [
      String(r['chamber']),
      String(r['yes']),
      String(r['no']),
      String(r['abstain']),
      String(r['veto']),
      String(r['eligible']),
      `${((r['turnoutBps'] as number) / 100).toFixed(2)}%`,
      `${((r['quorumBps'] as number) / 100).toFixed(2)}%`,
      r['vetoed'] === true ? 'vetoed' : r['approved'] === true ? 'approves' : 'does not approve',
    ]),
  );
}

function proofNote(io: CliIo, doc: GovDocumentJson): void {
  const proof = doc['proof'] as
    { header: { height: number; stateRoot: string } } | null | undefined;
  if (proof !== null && proof !== undefined)
    io.stdout.write(
      `proof: verified against block ${proof.header.height} (state root ${proof.header.stateRoot})\n`,
    );
}

function count(value: number | null): string {
  return value === null ? 'impossible' : String(value);
}

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
  const propose = gov.command('propose').description('submit a proposal (with its deposit)');

  const kinds: {
    name: string;
    description: string;
    options: (c: Command) => Command;
    build: (ctx: CommandContext, o: Record<string, string | undefined>) => Promise<ProposalAction>;
  }[] = [
    {
      name: 'signal',
      description: 'a non-binding text any one chamber can approve',
      options: (c) => c,
      build: () => Promise.resolve({ type: 'signal' }),
    },
    {
      name: 'treasury',
      description: 'spend from the treasury',
      options: (c) =>
        c.requiredOption('--to <address>', 'recipient').requiredOption('--amount <upol>', 'amount'),
      build: async (ctx, o) => ({
        type: 'treasury.spend',
        to: parseAddress(await ctx.resolveAddress(o['to'] ?? '')),
        amount: parseAmount(o['amount'] ?? '', '--amount'),
      }),
    },
    {
      name: 'admit-member',
      description: 'admit a member (one identity, one vote)',
      options: (c) => c.requiredOption('--member <address>', 'the account to admit'),
      build: async (ctx, o) => ({
        type: 'member.admit',
        member: parseAddress(await ctx.resolveAddress(o['member'] ?? '')),
      }),
    },
    {
      name: 'remove-member',
      description: 'remove a member',
      options: (c) => c.requiredOption('--member <address>', 'the member to remove'),
      build: async (ctx, o) => ({
        type: 'member.remove',
        member: parseAddress(await ctx.resolveAddress(o['member'] ?? '')),
      }),
    },
    {
      name: 'assign-stake',
      description: "set a consortium stake holder's weight (0 removes it)",
      options: (c) =>
        c
          .requiredOption('--holder <address>', 'the voting account')
          .requiredOption(
            '--entity <name>',
            'the organisation it votes for (the cap applies per entity)',
          )
          .requiredOption('--weight <n>', 'its weight'),
      build: async (ctx, o) => ({
        type: 'stake.assign',
        holder: parseAddress(await ctx.resolveAddress(o['holder'] ?? '')),
        entity: o['entity'] ?? '',
        weight: parseAmount(o['weight'] ?? '', '--weight'),
      }),
    },
    {
      name: 'elect',
      description: "elect the maintainers' council from candidate members",
      options: (c) =>
        c.requiredOption('--candidates <addresses>', 'comma-separated candidate members'),
      build: async (ctx, o) => ({
        type: 'election',
        candidates: await Promise.all(
          (o['candidates'] ?? '')
            .split(',')
            .map(async (a) => parseAddress(await ctx.resolveAddress(a.trim()))),
        ),
      }),
    },
    {
      name: 'rules',
      description: "change governance's own parameters (JSON with only the fields that change)",
      options: (c) =>
        c.requiredOption(
          '--params-file <path>',
          'JSON, e.g. {"policies":{"treasury":{"votingPeriodMs":86400000}}}',
        ),
      build: async (ctx, o) => {
        const current = paramsFromGovernance(await ctx.client().governance());
        return {
          type: 'rules.set',
          params: governanceParamsFromJson(
            await jsonFile(o['paramsFile'] ?? '', 'The parameters file'),
            current,
          ),
        };
      },
    },
    {
      name: 'constitution',
      description: "amend the constitution's hash and location",
      options: (c) =>
        c
          .requiredOption('--hash <hex>', 'SHA-256 of the text, 64 hex characters')
          .requiredOption('--url <url>', 'where the text is'),
      build: (_ctx, o) => {
        const hash = fromHex(o['hash'] ?? '');
        if (hash?.length !== 32)
          throw polityError(
            'invalid_argument',
            'invalid',
            '--hash is 64 hex characters (a SHA-256).',
          );
        return Promise.resolve({ type: 'constitution.set', hash, url: o['url'] ?? '' });
      },
    },
    {
      name: 'pause',
      description: 'emergency: pause a module now (expires by itself unless ratified)',
      options: (c) => c.requiredOption('--module <name>', [...moduleTable.pausable].join(' | ')),
      build: (_ctx, o) =>
        Promise.resolve({
          type: 'emergency.pause',
          module: oneOf(o['module'] ?? '', [...moduleTable.pausable], '--module'),
        }),
    },
    {
      name: 'ratify',
      description: 'make an emergency pause last until lifted',
      options: (c) => c.requiredOption('--proposal <id>', 'the emergency proposal that paused it'),
      build: (_ctx, o) =>
        Promise.resolve({
          type: 'emergency.ratify',
          proposal: parseCount(o['proposal'] ?? '', '--proposal'),
        }),
    },
    {
      name: 'lift',
      description: 'lift a pause',
      options: (c) => c.requiredOption('--module <name>', [...moduleTable.pausable].join(' | ')),
      build: (_ctx, o) =>
        Promise.resolve({
          type: 'emergency.lift',
          module: oneOf(o['module'] ?? '', [...moduleTable.pausable], '--module'),
        }),
    },
    {
      name: 'upgrade',
      description: 'software upgrade from a height (after the exit window)',
      options: (c) =>
        c
          .requiredOption('--name <name>', 'the upgrade and its migration')
          .requiredOption('--version <version>', 'the node version to run')
          .requiredOption('--height <n>', 'not before this height'),
      build: (_ctx, o) =>
        Promise.resolve({
          type: 'upgrade',
          name: o['name'] ?? '',
          version: o['version'] ?? '',
          height: parseCount(o['height'] ?? '', '--height'),
        }),
    },
    {
      name: 'irregular',
      description: 'an irregular state change: move balances (e.g. return stolen funds)',
      options: (c) =>
        c.requiredOption(
          '--moves-file <path>',
          'JSON [{"from":"pol1…","to":"pol1…","amount":"100"}]',
        ),
      build: async (_ctx, o) => {
        const moves = await jsonFile(o['movesFile'] ?? '', 'The moves file');
        if (
          !Array.isArray(moves) ||
          moves.length === 0 ||
          moves.length > governanceLimits.irregularMovesMax
        )
          throw polityError(
            'invalid_argument',
            'invalid',
            `The moves file lists 1 to ${governanceLimits.irregularMovesMax} moves.`,
          );
        return {
          type: 'irregular.transfer',
          moves: moves.map((m: { from?: unknown; to?: unknown; amount?: unknown }) => ({
            from: parseAddress(String(m.from)),
            to: parseAddress(String(m.to)),
            amount: parseAmount(String(m.amount), 'amount'),
          })),
        };
      },
    },
  ];
  for (const kind of kinds) {
    kind
      .options(withProposeOptions(propose.command(kind.name).description(kind.description)))
      .action(
        action<ProposeOptions & Record<string, string | undefined>>(
          io,
          async (ctx, _args, opts) => {
            await proposeWith(ctx, opts, await kind.build(ctx, opts));
          },
        ),
      );
  }

  withTxOptions(
    gov.command('deposit <id>').description('add to the deposit of a proposal not yet in voting'),
  )
    .requiredOption('--amount <upol>', 'amount')
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
          throw polityError('invalid_argument', 'invalid', 'Give --to <member> or --clear.');
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
            (page['proposals'] as Record<string, unknown>[]).map((p) => [
              String(p['id']),
              String(p['kind']),
              String(p['status']),
              String(p['title']),
            ]),
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
          showProposal(ctx.io, doc['proposal'] as Record<string, unknown>);
          const live = doc['tally'] as {
            outcome: string;
            results: Record<string, unknown>[];
          } | null;
          if (live !== null) {
            ctx.io.stdout.write(`\nif voting ended now: ${live.outcome}\n`);
            printResults(ctx.io, live.results);
          }
          proofNote(ctx.io, doc);
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
          const stake = doc['stake'] as { holder: string; entity: string; weight: string }[];
          const members = doc['members'] as { member: string; delegate: string | null }[];
          const council = doc['maintainers'] as { holder: string; consecutiveTerms: number }[];
          ctx.io.stdout.write(`mode: ${String(doc['mode'])}\n\nstake\n`);
          printTable(
            ctx.io,
            ['HOLDER', 'ENTITY', 'WEIGHT'],
            stake.map((h) => [h.holder, h.entity, h.weight]),
          );
          ctx.io.stdout.write('\nmembers\n');
          printTable(
            ctx.io,
            ['MEMBER', 'DELEGATE'],
            members.map((m) => [m.member, m.delegate ?? '']),
          );
          ctx.io.stdout.write('\nmaintainers\n');
          printTable(
            ctx.io,
            ['SEAT', 'TERMS'],
            council.map((s) => [s.holder, String(s.consecutiveTerms)]),
          );
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
              (
                page['entries'] as {
                  height: number;
                  chambers: { nakamoto: { third: number | null } }[];
                }[]
              ).map((e) => [String(e.height), ...e.chambers.map((c) => count(c.nakamoto.third))]),
            );
          });
          return;
        }
        const doc = await client.capture({
          prove: opts.prove === true,
          height: opts.height === undefined ? undefined : parseCount(opts.height, '--height'),
        });
        ctx.emit(doc, () => {
          const c = doc['capture'] as {
            height: number;
            chambers: {
              chamber: string;
              entities: number;
              nakamoto: { third: number | null; half: number | null; twoThirds: number | null };
              nakamotoThirdUncapped: number | null;
              belowFloor: boolean;
            }[];
            kinds: {
              kind: string;
              pass: number | null;
              passIfOthersAbstain: number | null;
              block: number | null;
              uncapped: { pass: number | null; block: number | null };
            }[];
          } | null;
          if (c === null) {
            ctx.io.stdout.write('no capture metrics yet (no block since genesis)\n');
            return;
          }
          ctx.io.stdout.write(
            `capture metrics computed at block ${c.height}\n\nNakamoto coefficient (fewest entities holding more than the share; capped, uncapped at ⅓)\n`,
          );
          printTable(
            ctx.io,
            ['CHAMBER', 'ENTITIES', '⅓', '½', '⅔', '⅓ UNCAPPED', 'FLOOR'],
            c.chambers.map((x) => [
              x.chamber,
              String(x.entities),
              count(x.nakamoto.third),
              count(x.nakamoto.half),
              count(x.nakamoto.twoThirds),
              count(x.nakamotoThirdUncapped),
              x.belowFloor ? 'BELOW: protocol kinds tightened' : 'ok',
            ]),
          );
          ctx.io.stdout.write(
            '\nsmallest coalitions per kind (entities of different chambers counted apart)\n',
          );
          printTable(
            ctx.io,
            [
              'KIND',
              'PASS vs ALL',
              'PASS if others abstain',
              'BLOCK',
              'PASS uncapped',
              'BLOCK uncapped',
            ],
            c.kinds.map((k) => [
              k.kind,
              count(k.pass),
              count(k.passIfOthersAbstain),
              count(k.block),
              count(k.uncapped.pass),
              count(k.uncapped.block),
            ]),
          );
          proofNote(ctx.io, doc);
        });
      },
    ),
  );
}

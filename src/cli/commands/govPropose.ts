// `polity gov propose <kind>`: one subcommand per kind of proposal, each with its own options,
// building the proposal's action; the deposit defaults to the kind's minimum. Inputs are checked
// before the key is unlocked.
import { nodeErrors } from '../../node/index.ts';
import type { Command } from 'commander';
import type { GovernanceReadJson } from '../../api/client/index.ts';
import { parseAddress } from '../../crypto/index.ts';
import { fromHex, utf8 } from '../../lib/index.ts';
import {
  defaultGovernanceParams,
  governanceErrors,
  governanceLimits,
  governanceParamsFromJson,
  kindOfAction,
  moduleTable,
  type GovernanceParams,
  type ProposalAction,
} from '../../execution/index.ts';
import { action } from '../action.ts';
import { amountHelp, parseAmount, parseCount } from '../buildTx.ts';
import type { CommandContext } from '../context.ts';
import { readFileBounded } from '../input.ts';
import type { CliIo } from '../io.ts';
import { submit, withTxOptions, type DescribeCommitted, type TxOptions } from './tx.ts';

interface ProposeOptions extends TxOptions {
  readonly title: string;
  readonly text?: string;
  readonly textFile?: string;
  readonly deposit?: string;
}

/** `value` if it is one of `allowed`, else an invalid_argument naming `flag`. */
export function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined)
    throw nodeErrors.invalid_argument({
      problem: `${flag} must be one of ${allowed.join(', ')}; got "${value}".`,
    });
  return found;
}

async function proposalText(opts: ProposeOptions): Promise<string> {
  if (opts.text !== undefined && opts.textFile !== undefined)
    throw nodeErrors.invalid_argument({ problem: 'Give --text or --text-file, not both.' });
  const text =
    opts.textFile === undefined
      ? (opts.text ?? '')
      : new TextDecoder().decode(
          await readFileBounded(opts.textFile, governanceLimits.textBytesMax, 'The proposal text'),
        );
  if (utf8(text).length > governanceLimits.textBytesMax)
    // The code the chain would refuse the message with (the text is message 0's).
    throw governanceErrors.proposal_text_too_long({
      index: 0,
      max: governanceLimits.textBytesMax,
      size: utf8(text).length,
    });
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
    throw nodeErrors.invalid_json({ what, path });
  }
}

function paramsFromGovernance(doc: GovernanceReadJson): GovernanceParams {
  // The node's current parameters, rebuilt through the same parser with nothing changed.
  if (doc.governance === null) throw governanceErrors.governance_disabled();
  return governanceParamsFromJson(doc.governance.params, defaultGovernanceParams());
}

async function proposeWith(
  ctx: CommandContext,
  opts: ProposeOptions,
  action_: ProposalAction,
): Promise<void> {
  const title = opts.title;
  const bytes = utf8(title).length;
  if (bytes === 0 || bytes > governanceLimits.titleBytesMax)
    throw governanceErrors.proposal_title_invalid({
      index: 0,
      max: governanceLimits.titleBytesMax,
      size: bytes,
    });
  const text = await proposalText(opts);
  let deposit: bigint;
  if (opts.deposit !== undefined) {
    deposit = parseAmount(opts.deposit, '--deposit', 0n);
  } else {
    const params = paramsFromGovernance(await ctx.client().governance());
    deposit = params.policies[kindOfAction(action_)].depositMin;
  }
  await submit(
    ctx,
    opts,
    [{ type: 'gov.propose', title, text, deposit, action: action_ }],
    (committed) => describeProposal(ctx, committed, { title, text }),
  );
}

/** A proposal's JSON fields this command reads. */
interface ProposalFields {
  readonly id: number;
  readonly proposer: string;
  readonly title: string;
  readonly text: string;
  readonly status: string;
  readonly depositEndMs: number;
  readonly votingEndMs: number | null;
}

/**
 * The proposal a committed `gov.propose` created. Receipts carry no events, so it is found in
 * state: the ids handed out in the transaction's block are those between the next id before it
 * and after it, and among them the one this sender proposed with this title and text.
 */
async function describeProposal(
  ctx: CommandContext,
  committed: { readonly height: number; readonly sender: string },
  asked: { readonly title: string; readonly text: string },
): ReturnType<DescribeCommitted> {
  const client = ctx.client();
  const nextId = async (height: number): Promise<number> =>
    height < 1 ? 1 : ((await client.governance({ height })).governance?.nextProposalId ?? 1);
  const [from, to] = [await nextId(committed.height - 1), await nextId(committed.height)];
  const found: ProposalFields[] = [];
  for (let id = from; id < to && found.length === 0; id += 1) {
    const p: ProposalFields = (await client.proposal(id, { height: committed.height })).proposal;
    if (p.proposer === committed.sender && p.title === asked.title && p.text === asked.text)
      found.push(p);
  }
  const proposal = found[0];
  if (proposal === undefined) return { json: {}, fields: [] };
  const votingEndMs = proposal.status === 'voting' ? proposal.votingEndMs : null;
  const voting = votingEndMs !== null;
  const endMs = votingEndMs ?? proposal.depositEndMs;
  return {
    json: {
      proposal: {
        id: proposal.id,
        status: proposal.status,
        votingEndMs: proposal.votingEndMs,
        depositEndMs: proposal.depositEndMs,
      },
    },
    fields: [
      ['proposal', proposal.id],
      [voting ? 'voting ends' : 'deposit ends', new Date(endMs).toISOString()],
      [
        'next',
        voting
          ? `polity gov vote ${proposal.id} yes --chamber <chamber> --from <key>`
          : `polity gov deposit ${proposal.id} --amount <upol> --from <key>`,
      ],
    ],
  };
}

/** Registers `gov propose` and one subcommand per kind. */
export function registerProposeCommands(gov: Command, io: CliIo): void {
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
        c
          .requiredOption('--to <address>', 'recipient')
          .requiredOption('--amount <upol>', amountHelp),
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
        weight: parseAmount(o['weight'] ?? '', '--weight', 0n),
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
          throw nodeErrors.invalid_argument({
            problem: '--hash is 64 hex characters (a SHA-256).',
          });
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
          throw nodeErrors.invalid_argument({
            problem: `The moves file lists 1 to ${governanceLimits.irregularMovesMax} moves.`,
          });
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
}

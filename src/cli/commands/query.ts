// `polity query …` and `polity status`: read the ledger. With --prove the answer is checked
// against a block the validators committed before anything is printed; a failed check exits 6.
import type { Command } from 'commander';
import type { Json } from '../../codec/index.ts';
import { fromBase64, fromUtf8, withDetails, type PolityError } from '../../lib/index.ts';
import type {
  BlockJson,
  EvidenceJson,
  MessageJson,
  ProofJson,
  RecordEntryJson,
} from '../../api/client/index.ts';
import { recordsErrors } from '../../execution/index.ts';
import { cliErrors } from '../errors.ts';
import { action, withExamples } from '../action.ts';
import type { CommandContext } from '../context.ts';
import { exitCodes } from '../exitCodes.ts';
import type { CliIo } from '../io.ts';
import { formatAmount, printFields, printTable, type Field } from '../output.ts';

/** Most record changes one `--history` call prints (the API pages beyond that). */
export const historyLimitDefault = 20;

function proofLine(height: number, rootName: string, root: string): string {
  return `proof: verified against block ${height} (${rootName} ${root})`;
}

function stateProofLine(proof: ProofJson | undefined): string | undefined {
  return proof === undefined
    ? undefined
    : proofLine(proof.header.height, 'state root', proof.header.stateRoot);
}

// Control characters other than tab and newlines would garble (or drive) the terminal.
function hasControlChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

/** A value as text when it is UTF-8 text, else its size and base64. */
function showValue(base64: string, contentType: string): string {
  const bytes = fromBase64(base64) ?? new Uint8Array();
  const text = fromUtf8(bytes);
  const printable = text !== undefined && !hasControlChars(text);
  if (
    printable &&
    (contentType.startsWith('text/') || contentType.includes('json') || bytes.length <= 256)
  )
    return text;
  return `<${bytes.length} bytes, base64 ${base64.length > 64 ? `${base64.slice(0, 64)}…` : base64}>`;
}

function recordFields(entry: RecordEntryJson): Field[] {
  return [
    ['value', showValue(entry.value, entry.contentType)],
    ['content type', entry.contentType],
    ['version', entry.version],
    ['created', `block ${entry.createdHeight}`],
    ['updated', `block ${entry.updatedHeight} by tx ${entry.lastTxHash}`],
  ];
}

/** One line per evidence item: who misbehaved, where, and the two conflicting votes. */
export function describeEvidence(e: EvidenceJson): string {
  const target = (hash: string | null): string => (hash === null ? 'no block' : hash);
  return `evidence ${e.type} by ${e.validator} at height ${e.height} round ${e.round}: two ${e.voteType}s, for ${target(e.blockHashA)} and for ${target(e.blockHashB)}`;
}

/** The lines under a block's fields: its transactions, then the evidence it carries. */
export function blockLines(b: BlockJson): string[] {
  return [...b.txs.map((tx) => `  tx ${tx}`), ...b.evidence.map((e) => `  ${describeEvidence(e)}`)];
}

function parseBlockRef(text: string): number | string {
  if (text === 'latest') return text;
  if (/^[0-9]{1,15}$/.test(text)) return Number(text);
  if (/^[0-9a-fA-F]{64}$/.test(text)) return text.toLowerCase();
  throw cliErrors.invalid_block_ref({ text: text.slice(0, 80) });
}

// An absence already shown as the answer: it exits "not found" without printing a second document.
function notFound(ctx: CommandContext, error: PolityError): PolityError {
  return withDetails(error, { exitCode: exitCodes.notFound, printed: ctx.options.json });
}

async function status(ctx: CommandContext): Promise<void> {
  const s = await ctx.client().status();
  ctx.emit(s, () => {
    printFields(ctx.io, [
      ['node', ctx.options.node],
      ['chain id', s.chainId],
      ['version', s.nodeVersion],
      ['height', s.latestHeight],
      ['latest block', s.latestBlockHash],
      [
        'block time',
        s.latestBlockTimeMs === null ? null : new Date(s.latestBlockTimeMs).toISOString(),
      ],
      ['state root', s.stateRoot],
      ['mempool', `${s.mempoolTxs} txs, ${s.mempoolBytes} bytes`],
      ['validators', s.validators.length],
      ['min gas price', formatAmount(s.minGasPrice)],
      [
        'halted',
        s.halted === null
          ? undefined
          : `before upgrade "${s.halted.upgrade}" at height ${s.halted.height}: start polity ${s.halted.version} (or later) on this home`,
      ],
    ]);
  });
}

/** Registers `query` and its subcommands, and `status`. */
export function registerQueryCommands(program: Command, io: CliIo): void {
  withExamples(program.command('status').description("show the node's chain, height and mempool"), [
    'polity status',
    'polity status --node http://10.0.0.5:26657 --json',
  ]).action(action(io, status));

  const query = withExamples(
    program.command('query').description('read accounts, transactions, blocks and records'),
    ['polity query account pol1… --prove', 'polity query block latest'],
  );
  const prove = '--prove';
  const proveHelp = 'verify the answer against a committed block (exit 6 if it does not verify)';

  withExamples(
    query
      .command('account')
      .argument('<address>', 'account address (pol1…) or the name of a key')
      .option(prove, proveHelp)
      .description("show an account's balance and nonce"),
    ['polity query account pol1qy…', 'polity query account pol1qy… --prove --json'],
  ).action(
    action<{ prove?: boolean }>(io, async (ctx, [addressOrKey = ''], opts) => {
      const address = await ctx.resolveAddress(addressOrKey);
      const a = await ctx.client().getAccount(address, { prove: opts.prove === true });
      ctx.emit(a, () => {
        printFields(ctx.io, [
          ['address', a.address],
          ['balance', formatAmount(a.balance)],
          ['nonce', a.nonce],
          [
            'public key',
            a.publicKey === null ? null : `${a.publicKey.scheme}:${a.publicKey.publicKey}`,
          ],
          ['height', a.height],
        ]);
        const line = stateProofLine(a.proof);
        if (line !== undefined) ctx.io.stdout.write(`${line}\n`);
      });
    }),
  );

  withExamples(
    query
      .command('tx')
      .argument('<hash>', 'transaction hash (64 hex)')
      .option(prove, proveHelp)
      .description('show a transaction and its receipt'),
    ['polity query tx 3f2a…', 'polity query tx 3f2a… --prove --json'],
  ).action(
    action<{ prove?: boolean }>(io, async (ctx, [hash = ''], opts) => {
      const t = await ctx.client().getTx(hash, { verify: opts.prove === true });
      ctx.emit(t, () => {
        if (t.status === 'pending') {
          printFields(ctx.io, [
            ['hash', t.hash],
            ['status', 'pending (in the mempool)'],
          ]);
          return;
        }
        const body = t.tx.body;
        printFields(ctx.io, [
          ['hash', t.hash],
          ['status', 'committed'],
          ['height', t.height],
          ['index', t.index],
          ['sender', body.sender],
          ['nonce', body.nonce],
          ['messages', body.messages.map(describeMessage).join('; ')],
          ['memo', body.memo === '' ? undefined : body.memo],
          ['fee', formatAmount(body.fee)],
          ['gas', `${t.receipt.gasUsed} used of ${body.gasLimit} limit`],
          [
            'receipt',
            t.receipt.status === 0 ? 'ok' : `failed: ${t.receipt.code}: ${t.receipt.message}`,
          ],
        ]);
        if (opts.prove === true)
          ctx.io.stdout.write(`${proofLine(t.header.height, 'tx root', t.header.txRoot)}\n`);
      });
    }),
  );

  withExamples(
    query
      .command('block')
      .argument('<ref>', 'height, block hash, or "latest"')
      .option(prove, proveHelp)
      .description('show a block header and its transactions'),
    ['polity query block latest', 'polity query block 42 --prove'],
  ).action(
    action<{ prove?: boolean }>(io, async (ctx, [refText = ''], opts) => {
      const ref = parseBlockRef(refText);
      const client = ctx.client();
      const b = await client.getBlock(ref, { verify: opts.prove === true });
      ctx.emit(b, () => {
        const h = b.header;
        printFields(ctx.io, [
          ['height', h.height],
          ['hash', b.hash],
          ['time', new Date(h.timeMs).toISOString()],
          ['chain id', h.chainId],
          ['proposer', h.proposer],
          ['prev hash', h.prevHash],
          ['state root', h.stateRoot],
          ['txs', b.txs.length],
          ['evidence', b.evidenceCount],
          ['commit', b.commit === null ? 'not yet' : `${b.commit.signatures.length} signatures`],
        ]);
        for (const line of blockLines(b)) ctx.io.stdout.write(`${line}\n`);
        if (opts.prove === true)
          ctx.io.stdout.write(`${proofLine(h.height, 'state root', h.stateRoot)}\n`);
      });
    }),
  );

  withExamples(
    query
      .command('record')
      .argument('<address>', 'owner address (pol1…) or the name of a key')
      .argument('<key>', 'record key')
      .option(prove, proveHelp)
      .option(
        '--history',
        `list the record's changes, newest first (at most ${historyLimitDefault})`,
      )
      .description('show a record (or its history)'),
    [
      'polity query record pol1qy… greeting',
      'polity query record pol1qy… greeting --history',
      'polity query record pol1qy… greeting --prove --json',
    ],
  ).action(
    action<{ prove?: boolean; history?: boolean }>(
      io,
      async (ctx, [addressOrKey = '', key = ''], opts) => {
        const address = await ctx.resolveAddress(addressOrKey);
        const client = ctx.client();
        if (opts.history === true) {
          if (opts.prove === true) throw cliErrors.prove_unsupported();
          const page = await client.recordHistory(address, key, { limit: historyLimitDefault });
          ctx.emit(page, () => {
            printTable(
              ctx.io,
              ['HEIGHT', 'OP', 'TX', 'VALUE'],
              page.changes.map((c) => [
                String(c.height),
                c.op,
                c.txHash,
                c.value === null ? '' : showValue(c.value, c.contentType ?? ''),
              ]),
            );
            if (page.nextBefore !== null)
              ctx.io.stdout.write(`(older changes exist; continue from ${page.nextBefore})\n`);
          });
          return;
        }
        const r = await client.getRecord(address, key, { prove: opts.prove === true });
        ctx.emit(r, () => {
          const line = stateProofLine(r.proof);
          if (r.record === null) {
            ctx.io.stdout.write(`no record "${key}" for ${r.owner} at block ${r.height}\n`);
            if (line !== undefined)
              ctx.io.stdout.write(`${line.replace('verified', 'absence verified')}\n`);
            return;
          }
          printFields(ctx.io, [
            ['owner', r.owner],
            ['key', r.key],
            ...recordFields(r.record),
            ['height', r.height],
          ]);
          if (line !== undefined) ctx.io.stdout.write(`${line}\n`);
        });
        if (r.record === null) throw notFound(ctx, recordsErrors.record_not_found({ key }));
      },
    ),
  );
}

function isList(value: Json): value is readonly Json[] {
  return Array.isArray(value);
}

// One field of a message as a short text: lists and nested objects are summarised, so a line
// stays readable whatever the message.
function describeValue(value: Json): string {
  if (value === null) return '-';
  if (isList(value))
    return value.length <= 3 ? value.map(describeValue).join(',') : `[${value.length}]`;
  if (typeof value === 'object') {
    const type = value['type'];
    return typeof type === 'string' ? type : `{${Object.keys(value).join(',')}}`;
  }
  const text = String(value);
  return text.length > 70 ? `${text.slice(0, 67)}...` : text;
}

/**
 * One line per message for `query tx`, from the message's JSON alone (its type, then its fields),
 * so a module's new messages are described without code here.
 */
export function describeMessage(m: MessageJson): string {
  const fields = Object.entries(m).filter(([name]) => name !== 'type');
  return [m.type, ...fields.map(([name, value]) => `${name}=${describeValue(value)}`)].join(' ');
}

// `polity tx …`: build, sign and submit transactions. Everything the user typed is validated
// before the key is unlocked or the node contacted, so a typo costs neither a password prompt nor
// a round trip.
import type { Command } from 'commander';
import { parseAddress } from '../../crypto/index.ts';
import { errorSpecOf, remoteError, utf8, withDetails } from '../../lib/index.ts';
import { cliErrors } from '../errors.ts';
import {
  contentTypeBytesMax,
  memoBytesMax,
  recordKeyBytesMax,
  recordKeyProblem,
  recordValueBytesMax,
  type Message,
} from '../../execution/index.ts';
import { action, withExamples } from '../action.ts';
import { amountHelp, buildTx, parseAmount, parseCount } from '../buildTx.ts';
import type { CommandContext } from '../context.ts';
import { exitCodes } from '../exitCodes.ts';
import { readFileBounded } from '../input.ts';
import type { CliIo } from '../io.ts';
import { formatAmount, printFields, type Field } from '../output.ts';

/** Options shared by every tx subcommand. */
export interface TxOptions {
  readonly from: string;
  readonly fee?: string;
  readonly gasLimit?: string;
  readonly memo?: string;
  readonly nonce?: string;
  readonly wait: boolean;
  readonly passwordFile?: string;
}

interface CheckedTxOptions {
  readonly fee: bigint | undefined;
  readonly gasLimit: number | undefined;
  readonly memo: string;
  readonly nonce: number | undefined;
}

function checkTxOptions(opts: TxOptions): CheckedTxOptions {
  const memo = opts.memo ?? '';
  if (utf8(memo).length > memoBytesMax) throw cliErrors.memo_too_long({ max: memoBytesMax });
  return {
    fee: opts.fee === undefined ? undefined : parseAmount(opts.fee, '--fee', 0n),
    gasLimit: opts.gasLimit === undefined ? undefined : parseCount(opts.gasLimit, '--gas-limit'),
    memo,
    nonce: opts.nonce === undefined ? undefined : parseCount(opts.nonce, '--nonce'),
  };
}

/** Adds the options every transaction command takes. */
export function withTxOptions(command: Command): Command {
  return command
    .requiredOption('--from <key>', 'name of the sending key in the keystore')
    .option('--fee <upol>', "fee in upol (default: gas limit × the node's minimum gas price)")
    .option('--gas-limit <gas>', 'gas limit (default: estimated from the gas schedule, +10%)')
    .option('--memo <text>', `memo, at most ${memoBytesMax} bytes`)
    .option('--nonce <n>', "sender nonce (default: the account's next nonce)")
    .option('--no-wait', 'return once the node accepts the tx, without waiting for its block')
    .option('--password-file <path>', 'read the key password from this file');
}

/** What a command adds to the printed result of its committed transaction (a proposal's id). */
export type DescribeCommitted = (committed: {
  readonly height: number;
  readonly sender: string;
}) => Promise<{ readonly json: Record<string, unknown>; readonly fields: readonly Field[] }>;

/**
 * Builds, signs and submits `messages`, then prints the result (or throws its failure); once the
 * transaction is committed and succeeded, `describe` adds what it created to the output.
 */
export async function submit(
  ctx: CommandContext,
  opts: TxOptions,
  messages: readonly Message[],
  describe?: DescribeCommitted,
): Promise<void> {
  const checked = checkTxOptions(opts);
  const { signer, info } = await ctx.unlock(opts.from, opts.passwordFile);
  const client = ctx.client();
  const status = await client.status();
  const nonce = checked.nonce ?? (await client.nextNonce(info.address));
  const built = buildTx(
    {
      chainId: status.chainId,
      nonce,
      minGasPrice: BigInt(status.minGasPrice),
      messages,
      memo: checked.memo,
      gasLimit: checked.gasLimit,
      fee: checked.fee,
    },
    signer,
  );
  const result = await client.submitTx(built.encoded, { wait: opts.wait ? 'commit' : 'none' });
  const hash = result.hash ?? built.hash;
  if (result.status === 'rejected') {
    const reason = result.message ?? 'no reason given';
    // The node's own code (nonce_gap, insufficient_funds, …) is kept: scripts branch on it.
    throw result.code === undefined
      ? cliErrors.tx_rejected({ hash, reason })
      : remoteError(result.code, `tx ${hash} rejected: ${reason}`, 'invalid', {
          exitCode: rejectedExitCode(result.code),
        });
  }
  const receipt = result.receipt;
  const described =
    describe !== undefined && receipt?.status === 0 && result.height !== undefined
      ? await describe({ height: result.height, sender: info.address })
      : undefined;
  ctx.emit({ ...result, ...described?.json }, () => {
    printFields(ctx.io, [
      ['hash', hash],
      ['status', result.status],
      ['height', result.height],
      ['gas', `${receipt?.gasUsed ?? '?'} used of ${built.tx.body.gasLimit} limit`],
      ['fee', formatAmount(receipt?.fee ?? built.tx.body.fee)],
      [
        'receipt',
        receipt === undefined ? undefined : receipt.status === 0 ? 'ok' : `failed: ${receipt.code}`,
      ],
      ...(described?.fields ?? []),
    ]);
  });
  if (receipt !== undefined && receipt.status !== 0) {
    const failed = { hash, height: result.height ?? '?', reason: receipt.message };
    // The receipt's code is the failure's (a declared code of the module that failed it); the
    // result was already printed as the one JSON document, so no second one is printed.
    const details = { exitCode: exitCodes.rejected, printed: ctx.options.json };
    throw receipt.code === ''
      ? withDetails(cliErrors.tx_failed(failed), details)
      : remoteError(
          receipt.code,
          `tx ${hash} failed at height ${failed.height}: ${receipt.message}`,
          'invalid',
          details,
        );
  }
}

/**
 * The exit code of a refusal: 4 (rejected by the node), unless the code declares its own — a chain
 * halted for an upgrade (`upgrade_required`) exits 8 like the node itself, since what to do is to
 * start another version, not to fix the transaction.
 */
function rejectedExitCode(code: string): number {
  const declared = errorSpecOf(code)?.exit;
  return declared === 'upgradeRequired' ? exitCodes.upgradeRequired : exitCodes.rejected;
}

async function recordValue(opts: { value?: string; valueFile?: string }): Promise<Uint8Array> {
  if ((opts.value === undefined) === (opts.valueFile === undefined)) {
    throw cliErrors.value_required();
  }
  const value =
    opts.value === undefined
      ? await readFileBounded(opts.valueFile ?? '', recordValueBytesMax, 'The record value')
      : utf8(opts.value);
  if (value.length > recordValueBytesMax)
    throw cliErrors.record_value_too_large({ max: recordValueBytesMax });
  return value;
}

// A new key must follow the whole grammar (refused here, before a round trip to the node); a key
// only needs its bounds to be deleted, so records stored before the grammar can still be removed.
function recordKey(key: string, rule: 'new' | 'existing'): string {
  const size = utf8(key).length;
  const problem =
    rule === 'new'
      ? recordKeyProblem(key)
      : size === 0 || size > recordKeyBytesMax
        ? `is ${size} bytes`
        : undefined;
  if (problem !== undefined)
    throw cliErrors.invalid_record_key({ problem, max: recordKeyBytesMax });
  return key;
}

/** Registers `tx` and its subcommands. */
export function registerTxCommands(program: Command, io: CliIo): void {
  const tx = withExamples(
    program.command('tx').description('build, sign and submit transactions'),
    [
      'polity tx transfer --from alice --to pol1… --amount 1000',
      'polity tx record put --from alice --key greeting --value hello',
    ],
  );

  withExamples(
    withTxOptions(tx.command('transfer').description('send upol to an address'))
      .requiredOption('--to <address>', 'recipient address (pol1…) or the name of a key')
      .requiredOption('--amount <upol>', amountHelp),
    [
      'polity tx transfer --from alice --to pol1qy… --amount 1000',
      'polity tx transfer --from alice --to pol1qy… --amount 5 --no-wait --json',
    ],
  ).action(
    action<TxOptions & { to: string; amount: string }>(io, async (ctx, _args, opts) => {
      const amount = parseAmount(opts.amount, '--amount');
      const to = parseAddress(await ctx.resolveAddress(opts.to));
      await submit(ctx, opts, [{ type: 'transfer', to, amount }]);
    }),
  );

  const record = withExamples(
    tx.command('record').description('write or delete records under your address'),
    [
      'polity tx record put --from alice --key profile --value-file profile.json --content-type application/json',
      'polity tx record delete --from alice --key profile',
    ],
  );

  withExamples(
    withTxOptions(record.command('put').description('create or replace a record'))
      .requiredOption(
        '--key <key>',
        `record key: 1 to ${recordKeyBytesMax} bytes of NFC text, segments between "/" not empty, "." or ".."`,
      )
      .option('--value <text>', 'the value as text')
      .option(
        '--value-file <path>',
        `read the value from a file (at most ${recordValueBytesMax} bytes)`,
      )
      .option('--content-type <type>', 'content type of the value', 'text/plain'),
    [
      'polity tx record put --from alice --key greeting --value hello',
      'polity tx record put --from alice --key logo --value-file logo.png --content-type image/png',
    ],
  ).action(
    action<TxOptions & { key: string; value?: string; valueFile?: string; contentType: string }>(
      io,
      async (ctx, _args, opts) => {
        const key = recordKey(opts.key, 'new');
        if (utf8(opts.contentType).length > contentTypeBytesMax) {
          throw cliErrors.invalid_content_type({ max: contentTypeBytesMax });
        }
        const value = await recordValue(opts);
        await submit(ctx, opts, [
          { type: 'record.put', key, value, contentType: opts.contentType },
        ]);
      },
    ),
  );

  withExamples(
    withTxOptions(record.command('delete').description('delete a record')).requiredOption(
      '--key <key>',
      'record key',
    ),
    ['polity tx record delete --from alice --key greeting'],
  ).action(
    action<TxOptions & { key: string }>(io, async (ctx, _args, opts) => {
      await submit(ctx, opts, [{ type: 'record.delete', key: recordKey(opts.key, 'existing') }]);
    }),
  );
}

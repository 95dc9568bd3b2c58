// `polity proof verify FILE`: checks, offline, a proof saved from `polity query … --prove --json`
// (an account, a record, a transaction or a block) against what the user trusts — a validator set
// (a file as /v1/validators serves it, or a genesis.json whose validators still sign) or one block
// known by its hash. No node is contacted: the checks are the typed client's own
// (src/api/client/verify.ts), so a proof that verified when it was fetched verifies the same way
// later, and a tampered file fails with `proof_invalid` (exit 6).
import { dirname } from 'node:path';
import type { Command } from 'commander';
import {
  headerFromJson,
  validatorFromJson,
  verifyAccount,
  verifyBlock,
  verifyRecord,
  verifyTx,
  type AccountJson,
  type BlockJson,
  type CommittedTxJson,
  type RecordJson,
  type Trust,
  type ValidatorJson,
} from '../../api/client/index.ts';
import { parseAddress } from '../../crypto/index.ts';
import { fromHex, isPolityError, toHex } from '../../lib/index.ts';
import { blockHash } from '../../types/index.ts';
import { action, withExamples } from '../action.ts';
import type { CommandContext } from '../context.ts';
import { cliErrors } from '../errors.ts';
import { readFileBounded } from '../input.ts';
import type { CliIo } from '../io.ts';
import { printFields } from '../output.ts';

/** The largest proof or trust file read (a block with its commit and 10,000 tx hashes fits). */
const proofFileBytesMax = 8 * 1024 * 1024;

interface VerifyOptions {
  readonly validators?: string;
  readonly genesis?: string;
  readonly trustedHeader?: string;
  readonly chainId?: string;
}

type Saved =
  | { readonly kind: 'account'; readonly json: AccountJson }
  | { readonly kind: 'record'; readonly json: RecordJson }
  | { readonly kind: 'tx'; readonly json: CommittedTxJson }
  | { readonly kind: 'block'; readonly json: BlockJson };

async function readJsonFile(path: string, what: string): Promise<unknown> {
  const raw = await readFileBounded(path, proofFileBytesMax, what);
  try {
    return JSON.parse(new TextDecoder().decode(raw)) as unknown;
  } catch {
    throw cliErrors.invalid_json_file({ what, path });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What kind of saved answer `doc` is, by the fields only that kind has. */
export function classifySaved(doc: unknown, path: string): Saved {
  if (isObject(doc)) {
    if ('raw' in doc && 'txProof' in doc) return { kind: 'tx', json: doc as CommittedTxJson };
    if ('owner' in doc && 'key' in doc && 'proof' in doc)
      return { kind: 'record', json: doc as RecordJson };
    if ('address' in doc && 'balance' in doc && 'proof' in doc)
      return { kind: 'account', json: doc as AccountJson };
    if ('header' in doc && 'txs' in doc && 'commit' in doc)
      return { kind: 'block', json: doc as BlockJson };
  }
  throw cliErrors.proof_file_unrecognised({ path });
}

/** The validators of a file: `{ "validators": [...] }` as /v1/validators serves it, or a list. */
function validatorsOf(doc: unknown, path: string): Trust {
  const list = isObject(doc) ? doc['validators'] : doc;
  if (!Array.isArray(list) || list.length === 0)
    throw cliErrors.trust_file_invalid({ path, expected: 'a validator set' });
  try {
    return list.map((v) => validatorFromJson(v as ValidatorJson));
  } catch {
    throw cliErrors.trust_file_invalid({ path, expected: 'a validator set' });
  }
}

/** The trusted header of a file: a block (`polity query block H --json`) or a header. */
function headerHashOf(doc: unknown, path: string): Trust {
  const header = isObject(doc) && isObject(doc['header']) ? doc['header'] : doc;
  try {
    return { headerHash: blockHash(headerFromJson(header as BlockJson['header'])) };
  } catch {
    throw cliErrors.trust_file_invalid({ path, expected: 'a block or a block header' });
  }
}

async function trustOf(opts: VerifyOptions): Promise<{ trust: Trust; source: string }> {
  const given = [opts.validators, opts.genesis, opts.trustedHeader].filter((o) => o !== undefined);
  if (given.length !== 1) throw cliErrors.trust_required();
  if (opts.validators !== undefined) {
    const doc = await readJsonFile(opts.validators, 'The validator set');
    return {
      trust: validatorsOf(doc, opts.validators),
      source: `validators in ${opts.validators}`,
    };
  }
  if (opts.genesis !== undefined) {
    const doc = await readJsonFile(opts.genesis, 'The genesis file');
    const { genesisFromJson } = await import('../../node/index.ts');
    let trust: Trust;
    try {
      trust = genesisFromJson(doc).validators;
    } catch (error) {
      if (isPolityError(error)) throw error;
      throw cliErrors.trust_file_invalid({ path: opts.genesis, expected: 'a genesis file' });
    }
    return { trust, source: `the genesis validators of ${dirname(opts.genesis)}` };
  }
  const path = opts.trustedHeader ?? '';
  const trust = headerHashOf(await readJsonFile(path, 'The trusted header'), path);
  return { trust, source: `the block in ${path}` };
}

/** Verifies `saved` against `trust`; throws proof_invalid if it does not verify. */
export function verifySaved(saved: Saved, trust: Trust, chainId: string | undefined): void {
  switch (saved.kind) {
    case 'account':
      verifyAccount(parseAddress(saved.json.address), saved.json, trust, chainId);
      return;
    case 'record':
      verifyRecord(parseAddress(saved.json.owner), saved.json.key, saved.json, trust, chainId);
      return;
    case 'tx':
      verifyTx(fromHex(saved.json.hash) ?? new Uint8Array(32), saved.json, trust, chainId);
      return;
    case 'block':
      verifyBlock(saved.json, trust, chainId);
      return;
  }
}

function what(saved: Saved): { subject: string; height: number } {
  switch (saved.kind) {
    case 'account':
      return { subject: `account ${saved.json.address}`, height: saved.json.height };
    case 'record':
      return {
        subject: `record "${saved.json.key}" of ${saved.json.owner}${saved.json.record === null ? ' (absent)' : ''}`,
        height: saved.json.height,
      };
    case 'tx':
      return { subject: `transaction ${saved.json.hash}`, height: saved.json.height };
    case 'block':
      return { subject: `block ${saved.json.hash}`, height: saved.json.header.height };
  }
}

async function verifyFile(ctx: CommandContext, path: string, opts: VerifyOptions): Promise<void> {
  const saved = classifySaved(await readJsonFile(path, 'The proof'), path);
  const { trust, source } = await trustOf(opts);
  verifySaved(saved, trust, opts.chainId);
  const { subject, height } = what(saved);
  const header = 'headerHash' in trust ? toHex(trust.headerHash) : undefined;
  ctx.emit({ verified: true, kind: saved.kind, subject, height, trusted: source }, () => {
    printFields(ctx.io, [
      ['verified', subject],
      ['at height', height],
      ['trusting', source],
      ['block', header],
    ]);
  });
}

/** Registers `polity proof …`. */
export function registerProofCommands(program: Command, io: CliIo): void {
  const proof = program
    .command('proof')
    .description('check saved proofs offline, without contacting a node');
  withExamples(
    proof
      .command('verify')
      .argument('<file>', 'the JSON `polity query … --prove --json` printed')
      .description(
        'verify a saved account, record, transaction or block proof against a trusted validator set or block',
      )
      .option(
        '--validators <file>',
        'trust this validator set (the JSON of /v1/validators?height=H)',
      )
      .option('--genesis <file>', "trust a genesis.json's validators (while they still sign)")
      .option(
        '--trusted-header <file>',
        'trust this block (`polity query block H --json`); the proof must be at that block',
      )
      .option('--chain-id <id>', 'also require the proof to be of this chain'),
    [
      'polity query account alice --prove --json > alice.json',
      'polity proof verify alice.json --genesis ~/.polity/genesis.json',
      'curl -s "localhost:26657/v1/validators?height=42" > validators.json',
      'polity proof verify alice.json --validators validators.json',
      'polity proof verify tx.json --trusted-header block42.json',
    ],
  ).action(
    action<VerifyOptions>(io, async (ctx, [file = ''], opts) => {
      await verifyFile(ctx, file, opts);
    }),
  );
}

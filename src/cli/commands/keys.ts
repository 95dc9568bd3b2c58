// `polity keys …`: manage the local keystore. Secrets never reach stdout except through
// `keys export --unsafe-print-secret`, after the password.
import type { Command } from 'commander';
import {
  addressOf,
  cryptoErrors,
  formatAddress,
  generateSigner,
  signerFromSecret,
} from '../../crypto/index.ts';
import { fromHex, fromUtf8, isPolityError, toHex } from '../../lib/index.ts';
import { action, withExamples } from '../action.ts';
import type { CommandContext } from '../context.ts';
import { readFileBounded, readStdin } from '../input.ts';
import type { CliIo } from '../io.ts';
import { keystoreErrors, type KeyInfo } from '../keystore/index.ts';
import { printFields, printTable } from '../output.ts';
import { readPassword } from '../password.ts';

// A hex seed is 64 characters; allow whitespace and a newline around it.
const secretFileBytesMax = 4096;

function keyJson(info: KeyInfo): Record<string, string> {
  return {
    name: info.name,
    address: info.address,
    scheme: info.publicKey.scheme,
    publicKey: toHex(info.publicKey.bytes),
    backend: info.backend,
    createdAt: info.createdAt,
  };
}

function showKey(ctx: CommandContext, info: KeyInfo): void {
  ctx.emit(keyJson(info), () => {
    printFields(ctx.io, [
      ['name', info.name],
      ['address', info.address],
      ['public key', `${info.publicKey.scheme}:${toHex(info.publicKey.bytes)}`],
      ['backend', info.backend],
    ]);
  });
}

function backendOf(value: string | undefined): 'encrypted' | 'test' {
  if (value === undefined || value === 'encrypted') return 'encrypted';
  if (value === 'test') return 'test';
  throw keystoreErrors.invalid_backend({ value });
}

async function storeNew(
  ctx: CommandContext,
  name: string,
  secret: Uint8Array | undefined,
  opts: { backend?: string; passwordFile?: string },
): Promise<void> {
  const backend = backendOf(opts.backend);
  const keystore = ctx.keystore();
  // Fail on a bad or taken name before asking for a password.
  await keystore.info(name).then(
    () => {
      throw keystoreErrors.key_exists({ name, dir: keystore.dir });
    },
    (error: unknown) => {
      if (!isPolityError(error, keystoreErrors.key_not_found)) throw error;
    },
  );
  const signer =
    secret === undefined ? generateSigner('ed25519') : signerFromSecret('ed25519', secret);
  const storeAs =
    backend === 'test'
      ? ({ backend: 'test' } as const)
      : ({
          backend: 'encrypted',
          password: await readPassword(ctx.io, {
            passwordFile: opts.passwordFile,
            confirm: true,
            keyName: name,
          }),
        } as const);
  const info = await keystore.add(name, signer, storeAs);
  await ctx.warnIfTestKey(info, true);
  showKey(ctx, info);
}

async function readSecret(io: CliIo, secretFile: string | undefined): Promise<Uint8Array> {
  const raw =
    secretFile === undefined
      ? await readStdin(io, 'The secret')
      : await readFileBounded(secretFile, secretFileBytesMax, 'The secret');
  const text = (fromUtf8(raw) ?? '').trim().replace(/^0x/, '');
  const secret = fromHex(text);
  if (secret?.length !== 32) {
    throw cryptoErrors.invalid_secret_key({ scheme: 'ed25519', sizeBytes: 32, hexChars: 64 });
  }
  return secret;
}

/** Registers `keys` and its subcommands. */
export function registerKeysCommands(program: Command, io: CliIo): void {
  const keys = withExamples(
    program.command('keys').description('manage keys in the local keystore (<home>/keys)'),
    ['polity keys add alice', 'polity keys list --json'],
  );

  withExamples(
    keys
      .command('add')
      .argument('<name>', 'key name: 1-64 of a-z 0-9 _ -')
      .description('generate a new key and store it (encrypted with a password by default)')
      .option('--backend <backend>', 'encrypted (default) or test (UNENCRYPTED, dev chains only)')
      .option('--password-file <path>', 'read the password from this file'),
    [
      'polity keys add alice',
      'POLITY_KEYRING_PASSWORD=… polity keys add bob --json',
      'polity keys add dev1 --backend test',
    ],
  ).action(
    action<{ backend?: string; passwordFile?: string }>(io, async (ctx, [name = ''], opts) => {
      await storeNew(ctx, name, undefined, opts);
    }),
  );

  withExamples(keys.command('list').description('list stored keys (names, addresses, backends)'), [
    'polity keys list',
    'polity keys list --json',
  ]).action(
    action(io, async (ctx) => {
      const list = await ctx.keystore().list();
      ctx.emit({ keys: list.map(keyJson) }, () => {
        if (list.length === 0) {
          ctx.io.stdout.write(`no keys in ${ctx.keystore().dir}\n`);
          return;
        }
        printTable(
          ctx.io,
          ['NAME', 'ADDRESS', 'BACKEND'],
          list.map((k) => [k.name, k.address, k.backend]),
        );
      });
    }),
  );

  withExamples(
    keys
      .command('show')
      .argument('<name>', 'key name')
      .description('show a key: address, public key, backend (never the secret)'),
    ['polity keys show alice', 'polity keys show alice --json'],
  ).action(
    action(io, async (ctx, [name = '']) => {
      const info = await ctx.keystore().info(name);
      await ctx.warnIfTestKey(info);
      showKey(ctx, info);
    }),
  );

  withExamples(
    keys
      .command('import')
      .argument('<name>', 'key name')
      .description('import an ed25519 seed (64 hex characters) from --secret-file or stdin')
      .option('--secret-file <path>', 'file holding the hex seed (default: read stdin)')
      .option('--backend <backend>', 'encrypted (default) or test (UNENCRYPTED, dev chains only)')
      .option('--password-file <path>', 'read the new password from this file'),
    [
      'polity keys import alice --secret-file alice.hex',
      'cat seed.hex | polity keys import bob --password-file pw.txt',
    ],
  ).action(
    action<{ secretFile?: string; backend?: string; passwordFile?: string }>(
      io,
      async (ctx, [name = ''], opts) => {
        const secret = await readSecret(ctx.io, opts.secretFile);
        await storeNew(ctx, name, secret, opts);
      },
    ),
  );

  withExamples(
    keys
      .command('export')
      .argument('<name>', 'key name')
      .description("print a key's hex secret (requires --unsafe-print-secret)")
      .option(
        '--unsafe-print-secret',
        'really print the secret: anyone who sees it controls the account',
      )
      .option('--password-file <path>', 'read the password from this file'),
    ['polity keys export alice --unsafe-print-secret > alice.hex'],
  ).action(
    action<{ unsafePrintSecret?: boolean; passwordFile?: string }>(
      io,
      async (ctx, [name = ''], opts) => {
        if (opts.unsafePrintSecret !== true) {
          throw keystoreErrors.unsafe_flag_required();
        }
        const { signer, info } = await ctx.unlock(name, opts.passwordFile);
        const address = formatAddress(addressOf(signer.publicKey));
        ctx.emit(
          {
            name: info.name,
            address,
            scheme: signer.publicKey.scheme,
            secret: toHex(signer.secret),
          },
          () => {
            ctx.io.stdout.write(`${toHex(signer.secret)}\n`);
          },
        );
      },
    ),
  );

  withExamples(
    keys
      .command('delete')
      .argument('<name>', 'key name')
      .description('delete a key file (irreversible without a backup)')
      .option('--yes', 'confirm the deletion'),
    ['polity keys delete old-key --yes'],
  ).action(
    action<{ yes?: boolean }>(io, async (ctx, [name = ''], opts) => {
      if (opts.yes !== true) throw keystoreErrors.confirmation_required({ name });
      const info = await ctx.keystore().info(name);
      await ctx.keystore().remove(name);
      ctx.emit({ deleted: info.name, address: info.address }, () => {
        ctx.io.stdout.write(`deleted key "${info.name}" (${info.address})\n`);
      });
    }),
  );
}

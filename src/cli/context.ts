// What every command action receives: the resolved global options, the I/O ports, and lazily
// created collaborators (node client, keystore), so a command that needs neither touches neither.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createClient, type Client } from '../api/client/index.ts';
import type { CliIo } from './io.ts';
import { createKeystore, testKeyWarning, type KeyInfo, type Keystore } from './keystore/index.ts';
import { cliErrors } from './errors.ts';
import { readPassword } from './password.ts';
import { recordTestKeyNotice, testKeyNoticeShown } from './testKeyNotice.ts';
import { printJson, warn } from './output.ts';
import {
  addressPrefix,
  cryptoErrors,
  formatAddress,
  parseAddress,
  type Signer,
} from '../crypto/index.ts';
import { isPolityError } from '../lib/index.ts';
import { keystoreErrors } from './keystore/index.ts';

/** Options every command accepts. */
export interface GlobalOptions {
  readonly node: string;
  readonly home: string;
  readonly json: boolean;
}

/** Default node URL when neither --node nor POLITY_NODE is set. */
export const nodeUrlDefault = 'http://127.0.0.1:26657';

/** The defaults of the global options, from the environment. */
export function globalDefaults(io: CliIo): { node: string; home: string } {
  return {
    node: io.env['POLITY_NODE'] ?? nodeUrlDefault,
    home: io.env['POLITY_HOME'] ?? join(homedir(), '.polity'),
  };
}

/** A command's view of the CLI. */
export interface CommandContext {
  readonly io: CliIo;
  readonly options: GlobalOptions;
  client(): Client;
  keystore(): Keystore;
  /** Unlocks a key, asking for its password only if it is encrypted; warns for test keys. */
  unlock(
    name: string,
    passwordFile: string | undefined,
  ): Promise<{ signer: Signer; info: KeyInfo }>;
  /**
   * Warns (outside --json) that a key is stored unencrypted: always when `made` (the key was just
   * created), else only the first time in this home (see testKeyNotice.ts).
   */
  warnIfTestKey(info: KeyInfo, made?: boolean): Promise<void>;
  /** Prints `json` in --json mode, else runs `human`. */
  emit(json: unknown, human: () => void): void;
  /** A `pol1…` address as given, or the address of the named key in the keystore. */
  resolveAddress(text: string): Promise<string>;
}

/**
 * The node URL as given, if it is one a client can talk to: a typo (`--node notaurl`) is a usage
 * error before any request, not a node that seems unreachable.
 */
export function checkNodeUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.host === ''
  )
    throw cliErrors.invalid_node_url({ text: text.slice(0, 200) });
  return text;
}

/** Builds the context of the command being run. */
export function createContext(io: CliIo, command: Command): CommandContext {
  const raw = command.optsWithGlobals<{ node: string; home: string; json?: boolean }>();
  const options: GlobalOptions = { node: raw.node, home: raw.home, json: raw.json === true };
  let client: Client | undefined;
  let keystore: Keystore | undefined;
  const ctx: CommandContext = {
    io,
    options,
    client() {
      client ??= createClient({
        url: checkNodeUrl(options.node),
        ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
      });
      return client;
    },
    keystore() {
      keystore ??= createKeystore({ dir: join(options.home, 'keys') });
      return keystore;
    },
    async unlock(name, passwordFile) {
      const info = await ctx.keystore().info(name);
      await ctx.warnIfTestKey(info);
      const signer = await ctx
        .keystore()
        .unlock(name, () => readPassword(io, { passwordFile, confirm: false, keyName: name }));
      return { signer, info };
    },
    async warnIfTestKey(info, made = false) {
      if (info.backend !== 'test-unencrypted' || options.json) return;
      const keysDir = join(options.home, 'keys');
      if (!made && (await testKeyNoticeShown(keysDir))) return;
      warn(io, options.json, `key "${info.name}": ${testKeyWarning}`);
      await recordTestKeyNotice(keysDir);
    },
    emit(json, human) {
      if (options.json) printJson(io, json);
      else human();
    },
    async resolveAddress(text) {
      if (text.startsWith(`${addressPrefix}1`)) return formatAddress(parseAddress(text));
      // Anything else may be a key name; a missing key says what was expected.
      try {
        return (await ctx.keystore().info(text)).address;
      } catch (error) {
        if (
          isPolityError(error) &&
          error.kind !== 'not_found' &&
          !isPolityError(error, keystoreErrors.invalid_key_name)
        ) {
          throw error;
        }
        // Neither an address nor a key here: the address error says what an address looks like.
        throw cryptoErrors.invalid_address({ text: text.slice(0, 100), prefix: addressPrefix });
      }
    },
  };
  return ctx;
}

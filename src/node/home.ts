// The node's home directory: config.json, genesis.json, validator_key.json and data/. Files that
// hold secrets are written with mode 0600 in a 0700 directory.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { signerFromSecret, type Signer } from '../crypto/index.ts';
import { fromHex, polityError, toHex } from '../lib/index.ts';
import { genesisFromJson, genesisToJson, type Genesis } from './genesis.ts';

/** Node settings that are local to this machine (not part of the chain's rules). */
export interface NodeConfig {
  readonly api: { readonly host: string; readonly port: number };
  readonly blockIntervalMs: number;
  readonly mempool: { readonly txsMax: number; readonly bytesMax: number };
  readonly log: {
    readonly level: 'debug' | 'info' | 'warn' | 'error' | 'silent';
    readonly format: 'json' | 'pretty';
  };
}

/** Defaults: loopback only, a block every 200 ms when transactions wait. */
export const defaultNodeConfig: NodeConfig = {
  api: { host: '127.0.0.1', port: 26657 },
  blockIntervalMs: 200,
  mempool: { txsMax: 50_000, bytesMax: 64 * 1024 * 1024 },
  log: { level: 'info', format: 'json' },
};

/** Paths inside a home directory. */
export function homePaths(home: string): {
  config: string;
  genesis: string;
  validatorKey: string;
  data: string;
  keys: string;
} {
  return {
    config: join(home, 'config.json'),
    genesis: join(home, 'genesis.json'),
    validatorKey: join(home, 'validator_key.json'),
    data: join(home, 'data'),
    keys: join(home, 'keys'),
  };
}

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw polityError(
      'home_not_initialised',
      'not_found',
      `Cannot read ${what} at ${path}. Run \`polity init\` first (or pass --home).`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw polityError('invalid_json', 'invalid', `${path} is not valid JSON.`);
  }
}

/** Reads config.json, filling unspecified settings with defaults. */
export async function readConfig(home: string): Promise<NodeConfig> {
  const json = (await readJson(homePaths(home).config, 'the node config')) as Partial<NodeConfig>;
  return {
    api: { ...defaultNodeConfig.api, ...json.api },
    blockIntervalMs: json.blockIntervalMs ?? defaultNodeConfig.blockIntervalMs,
    mempool: { ...defaultNodeConfig.mempool, ...json.mempool },
    log: { ...defaultNodeConfig.log, ...json.log },
  };
}

/** Reads and validates genesis.json. */
export async function readGenesis(home: string): Promise<Genesis> {
  return genesisFromJson(await readJson(homePaths(home).genesis, 'genesis.json'));
}

/** Reads the validator's signing key. */
export async function readValidatorKey(home: string): Promise<Signer> {
  const json = (await readJson(homePaths(home).validatorKey, 'the validator key')) as {
    scheme?: unknown;
    secret?: unknown;
  };
  const secret = typeof json.secret === 'string' ? fromHex(json.secret) : undefined;
  if (json.scheme !== 'ed25519' || secret === undefined) {
    throw polityError(
      'invalid_validator_key',
      'invalid',
      'validator_key.json must hold {"scheme":"ed25519","secret":"<64 hex>"}.',
    );
  }
  return signerFromSecret('ed25519', secret);
}

/** Writes a complete home: config, genesis and validator key (0600). */
export async function writeHome(
  home: string,
  config: NodeConfig,
  genesis: Genesis,
  validator: Signer,
): Promise<void> {
  const paths = homePaths(home);
  await mkdir(home, { recursive: true, mode: 0o700 });
  await chmod(home, 0o700);
  await writeFile(paths.config, JSON.stringify(config, null, 2) + '\n');
  await writeFile(paths.genesis, JSON.stringify(genesisToJson(genesis), null, 2) + '\n');
  await writeFile(
    paths.validatorKey,
    JSON.stringify(
      {
        scheme: validator.publicKey.scheme,
        publicKey: toHex(validator.publicKey.bytes),
        secret: toHex(validator.secret),
      },
      null,
      2,
    ) + '\n',
    { mode: 0o600 },
  );
}

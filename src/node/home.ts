// The node's home directory: config.json, genesis.json, validator_key.json and data/. Files that
// hold secrets are written with mode 0600 in a 0700 directory.
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConsensusConfig } from '../consensus/index.ts';
import { signerFromSecret, type Signer } from '../crypto/index.ts';
import { fromHex, toHex } from '../lib/index.ts';
import { p2pErrors } from '../p2p/index.ts';
import { nodeErrors } from './errors.ts';
import { genesisFromJson, genesisToJson, type Genesis } from '../chain/index.ts';

/** Node settings that are local to this machine (not part of the chain's rules). */
export interface NodeConfig {
  readonly api: { readonly host: string; readonly port: number };
  readonly blockIntervalMs: number;
  readonly mempool: { readonly txsMax: number; readonly bytesMax: number };
  readonly log: {
    readonly level: 'debug' | 'info' | 'warn' | 'error' | 'silent';
    /** `auto` (default): readable on a terminal, JSON lines otherwise. */
    readonly format: 'auto' | 'json' | 'pretty';
  };
  /** Peer-to-peer networking (used in `bft` mode). */
  readonly p2p: {
    readonly host: string;
    readonly port: number;
    /** Peers to keep connected, as `/ip4/HOST/tcp/PORT/p2p/PEER_ID`. */
    readonly persistentPeers: readonly string[];
    readonly peersMax: number;
  };
  /**
   * `solo`: this node is the chain's only validator and produces blocks alone (dev chains).
   * `bft`: Tendermint consensus with the genesis validator set over the p2p network.
   */
  readonly consensus: {
    readonly mode: 'solo' | 'bft';
    /** Overrides of the consensus timeouts (src/consensus/config.ts), in milliseconds. */
    readonly timeouts: Partial<ConsensusConfig>;
  };
  /**
   * Signature verification: worker threads (default one per core). Several nodes sharing one
   * machine (a local testnet) each get a share of its cores, so they do not contend.
   */
  readonly verify: { readonly workers: number };
  /**
   * Fault injection, for tests of how the network copes with a faulty node. `clockOffsetMs` moves
   * this node's clock (the Timers port's `nowMs`) by that much: the votes it signs carry the wrong
   * time, as on a machine whose clock is off. Leave it out (0) on any real node.
   */
  readonly faults: { readonly clockOffsetMs: number };
}

/** The largest clock offset fault injection accepts: a day either way. */
export const clockOffsetMaxMs = 86_400_000;

/** Most verification workers a node may run. */
export const verifyWorkersMax = 64;

/** One verification worker per core. */
export function defaultVerifyWorkers(): number {
  return Math.min(verifyWorkersMax, Math.max(1, availableParallelism()));
}

/** Defaults: loopback only, a block every 200 ms when transactions wait. */
export const defaultNodeConfig: NodeConfig = {
  api: { host: '127.0.0.1', port: 26657 },
  blockIntervalMs: 200,
  mempool: { txsMax: 50_000, bytesMax: 64 * 1024 * 1024 },
  log: { level: 'info', format: 'auto' },
  p2p: { host: '127.0.0.1', port: 26656, persistentPeers: [], peersMax: 50 },
  consensus: { mode: 'solo', timeouts: {} },
  verify: { workers: defaultVerifyWorkers() },
  faults: { clockOffsetMs: 0 },
};

/** Paths inside a home directory. */
export function homePaths(home: string): {
  config: string;
  genesis: string;
  validatorKey: string;
  nodeKey: string;
  data: string;
  keys: string;
  wal: string;
  lastSigned: string;
} {
  return {
    config: join(home, 'config.json'),
    genesis: join(home, 'genesis.json'),
    validatorKey: join(home, 'validator_key.json'),
    nodeKey: join(home, 'node_key.json'),
    data: join(home, 'data'),
    keys: join(home, 'keys'),
    wal: join(home, 'data', 'consensus.wal'),
    lastSigned: join(home, 'data', 'last_signed'),
  };
}

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw nodeErrors.home_not_initialised({ what, path });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw nodeErrors.invalid_json({ what: 'A file of the home', path });
  }
}

/** Reads config.json, filling unspecified settings with defaults. */
export async function readConfig(home: string): Promise<NodeConfig> {
  const json = (await readJson(homePaths(home).config, 'the node config')) as Partial<NodeConfig>;
  return {
    api: { ...defaultNodeConfig.api, ...json.api },
    blockIntervalMs: json.blockIntervalMs ?? defaultNodeConfig.blockIntervalMs,
    mempool: { ...defaultNodeConfig.mempool, ...json.mempool },
    log: logConfig(json.log),
    p2p: { ...defaultNodeConfig.p2p, ...json.p2p },
    consensus: {
      mode: json.consensus?.mode ?? defaultNodeConfig.consensus.mode,
      timeouts: { ...json.consensus?.timeouts },
    },
    verify: { workers: verifyWorkers(json.verify?.workers) },
    faults: { clockOffsetMs: clockOffset(json.faults?.clockOffsetMs) },
  };
}

const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
const logFormats = ['auto', 'json', 'pretty'] as const;

function logConfig(value: Partial<NodeConfig['log']> | undefined): NodeConfig['log'] {
  const log = { ...defaultNodeConfig.log, ...value };
  if (!(logLevels as readonly string[]).includes(log.level))
    throw nodeErrors.invalid_config({
      setting: 'log.level',
      rule: logLevels.join(', '),
      value: JSON.stringify(log.level),
      fallback: defaultNodeConfig.log.level,
    });
  if (!(logFormats as readonly string[]).includes(log.format))
    throw nodeErrors.invalid_config({
      setting: 'log.format',
      rule: logFormats.join(', '),
      value: JSON.stringify(log.format),
      fallback: `${defaultNodeConfig.log.format}: readable on a terminal, JSON otherwise`,
    });
  return log;
}

function clockOffset(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > clockOffsetMaxMs)
    throw nodeErrors.invalid_config({
      setting: 'faults.clockOffsetMs',
      rule: `an integer from -${clockOffsetMaxMs} to ${clockOffsetMaxMs} (ms)`,
      value: JSON.stringify(value),
      fallback: 'the system clock, no offset',
    });
  return value;
}

function verifyWorkers(value: unknown): number {
  if (value === undefined) return defaultNodeConfig.verify.workers;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 1 ||
    value > verifyWorkersMax
  )
    throw nodeErrors.invalid_config({
      setting: 'verify.workers',
      rule: `an integer from 1 to ${verifyWorkersMax}`,
      value: JSON.stringify(value),
      fallback: 'one worker per core',
    });
  return value;
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
    throw nodeErrors.invalid_validator_key();
  }
  return signerFromSecret('ed25519', secret);
}

/** Reads the node's p2p key (an ed25519 seed), creating it (0600) on first use. */
export async function readOrCreateNodeKey(home: string): Promise<Uint8Array> {
  const path = homePaths(home).nodeKey;
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    const seed = new Uint8Array(randomBytes(32));
    await writeNodeKey(home, seed);
    return seed;
  }
  let secret: Uint8Array | undefined;
  try {
    const json = JSON.parse(text) as { secret?: unknown };
    secret = typeof json.secret === 'string' ? fromHex(json.secret) : undefined;
  } catch {
    secret = undefined;
  }
  if (secret?.length !== 32) {
    throw p2pErrors.invalid_node_key({
      problem: `${path} must hold {"scheme":"ed25519","secret":"<64 hex>"}; delete it to get a new node identity`,
    });
  }
  return secret;
}

/** Writes the node's p2p key (0600). */
export async function writeNodeKey(home: string, seed: Uint8Array): Promise<void> {
  await writeFile(
    homePaths(home).nodeKey,
    JSON.stringify({ scheme: 'ed25519', secret: toHex(seed) }, null, 2) + '\n',
    { mode: 0o600 },
  );
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

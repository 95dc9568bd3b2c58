// `polity testnet init`: the homes of N local validators that form one BFT chain on 127.0.0.1 —
// one shared genesis naming every validator, per-node validator and p2p keys, configs whose
// persistent peers are the other nodes, funded test accounts, and a manifest (testnet.json) that
// `polity testnet start` and tests read to find every node.
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { addressOf, formatAddress, generateSigner, type Signer } from '../crypto/index.ts';
import { nodeErrors } from './errors.ts';
import { nodeKeyToPeerId } from '../p2p/index.ts';
import { powerConcentration, type Genesis } from '../chain/index.ts';
import {
  defaultNodeConfig,
  defaultVerifyWorkers,
  writeHome,
  writeNodeKey,
  type NodeConfig,
} from './home.ts';
import { developmentGovernance, type GovernancePeriods } from './governanceGenesis.ts';

/** Most validators `testnet init` creates (each is a process on this machine). */
export const testnetValidatorsMax = 32;

/** What `testnet init` makes. */
export interface TestnetOptions {
  readonly out: string;
  readonly validators: number;
  readonly chainId: string;
  /** First port: node i listens for peers on base + 2i and serves its API on base + 2i + 1. */
  readonly basePort: number;
  /** Funded test accounts (their keys go to `<out>/keys`, unencrypted: a test network only). */
  readonly accounts: number;
  readonly balance: bigint;
  /** Voting power per validator; equal when not given. */
  readonly powers?: readonly number[];
  readonly genesisTimeMs?: number;
  /** Most transactions per block (genesis parameter). */
  readonly blockTxsMax?: number;
  readonly timeouts?: NodeConfig['consensus']['timeouts'];
  /** More accounts to fund at genesis, whose keys the caller holds (benchmarks, tests). */
  readonly extraAccounts?: readonly { readonly address: Uint8Array; readonly balance: bigint }[];
  /** Config overrides for every node (log level, mempool size). */
  readonly config?: Partial<Pick<NodeConfig, 'log' | 'mempool'>>;
  /** Governance periods; the funded accounts make up the chambers (default: standard). */
  readonly governance?: GovernancePeriods;
  /** Consortium (stake holders by proposal, the default) or public (bonded stake). */
  readonly admission?: 'consortium' | 'public';
  /** Create it even when one validator holds two thirds or more of the voting power. */
  readonly allowConcentratedPower?: boolean;
}

/** One node of a testnet, as listed in testnet.json. */
export interface TestnetNode {
  readonly name: string;
  readonly home: string;
  readonly apiUrl: string;
  readonly p2pAddress: string;
  readonly validator: string;
  readonly power: number;
}

/** testnet.json. */
export interface TestnetManifest {
  readonly chainId: string;
  readonly nodes: readonly TestnetNode[];
  readonly accounts: readonly { readonly name: string; readonly address: string }[];
}

/**
 * Default block size of a local testnet: what a proposer on a small machine builds well within
 * one propose timeout while also admitting load. With 10,000 the first heights under load took
 * several rounds on 2 cores; 2,000-transaction blocks commit every ~0.6 s (bench/bft.bench.ts).
 */
export const testnetBlockTxsMax = 2_000;

/** The manifest's file name inside a testnet directory. */
export const testnetManifestFile = 'testnet.json';

/** Creates the testnet directory; refuses a directory that already holds one. */
export async function initTestnet(options: TestnetOptions): Promise<{
  readonly manifest: TestnetManifest;
  readonly accountSigners: readonly { readonly name: string; readonly signer: Signer }[];
  /** The validators' keys, named node0…: on a public chain they operate the genesis validators. */
  readonly validatorSigners: readonly { readonly name: string; readonly signer: Signer }[];
  /** What the caller should tell the user (one validator can halt the chain). */
  readonly warnings: readonly string[];
}> {
  const out = resolve(options.out);
  const n = options.validators;
  if (!Number.isInteger(n) || n < 1 || n > testnetValidatorsMax) {
    throw nodeErrors.invalid_argument({
      problem: `--validators must be an integer from 1 to ${testnetValidatorsMax}; got ${n}`,
    });
  }
  if (options.powers !== undefined && options.powers.length !== n) {
    throw nodeErrors.invalid_argument({ problem: `give one power per validator (${n})` });
  }
  if (options.basePort < 1024 || options.basePort + 2 * n > 65_535) {
    throw nodeErrors.invalid_argument({
      problem: `--base-port must leave room for ${2 * n} ports between 1024 and 65535`,
    });
  }
  const powers = options.powers ?? Array.from({ length: n }, () => 10);
  // Checked on the powers alone, before anything is written: a refused testnet leaves nothing.
  const concentration = powerConcentration(powers);
  const largestIndex = concentration.largest;
  const share = `${(concentration.shareBps / 100).toFixed(2)}%`;
  if (concentration.twoThirdsOrMore && options.allowConcentratedPower !== true)
    throw nodeErrors.concentrated_power({ validator: `node${largestIndex}`, share });
  const warnings: string[] = [];
  if (concentration.canHalt)
    warnings.push(
      `node${largestIndex} holds ${share} of the voting power: alone it can halt the chain (at least a third)${concentration.twoThirdsOrMore ? ' and, with two thirds or more, commit blocks without anyone else' : ''}.`,
    );
  const manifestPath = join(out, testnetManifestFile);
  if (
    await access(manifestPath).then(
      () => true,
      () => false,
    )
  ) {
    throw nodeErrors.testnet_exists({ out });
  }
  await mkdir(out, { recursive: true, mode: 0o700 });

  const validators = Array.from({ length: n }, () => generateSigner('ed25519'));
  const nodeKeys = Array.from({ length: n }, () => new Uint8Array(randomBytes(32)));
  const peerIds = await Promise.all(nodeKeys.map((k) => nodeKeyToPeerId(k)));
  const accountSigners = Array.from({ length: options.accounts }, (_, i) => ({
    name: `acct${i}`,
    signer: generateSigner('ed25519'),
  }));
  const genesis: Genesis = {
    chainId: options.chainId,
    genesisTimeMs: options.genesisTimeMs ?? Date.now(),
    validators: validators.map((v, i) => ({
      address: addressOf(v.publicKey),
      publicKey: v.publicKey,
      power: powers[i] ?? 10,
    })),
    accounts: [
      ...accountSigners.map((a) => ({
        address: addressOf(a.signer.publicKey),
        balance: options.balance,
      })),
      ...(options.extraAccounts ?? []),
      // On a public chain the validators' own accounts operate them and pay fees for their votes.
      ...(options.admission === 'public'
        ? validators.map((v) => ({ address: addressOf(v.publicKey), balance: options.balance }))
        : []),
    ],
    params: { minGasPrice: 1n, blockTxsMax: options.blockTxsMax ?? testnetBlockTxsMax },
    governance: developmentGovernance(
      accountSigners.map((a) => addressOf(a.signer.publicKey)),
      options.governance ?? 'standard',
      options.admission ?? 'consortium',
    ),
  };
  const p2pPort = (i: number): number => options.basePort + 2 * i;
  const apiPort = (i: number): number => options.basePort + 2 * i + 1;
  const p2pAddress = (i: number): string =>
    `/ip4/127.0.0.1/tcp/${p2pPort(i)}/p2p/${peerIds[i] ?? ''}`;

  const nodes: TestnetNode[] = [];
  for (let i = 0; i < n; i++) {
    const home = join(out, `node${i}`);
    const config: NodeConfig = {
      ...defaultNodeConfig,
      ...options.config,
      api: { host: '127.0.0.1', port: apiPort(i) },
      p2p: {
        ...defaultNodeConfig.p2p,
        host: '127.0.0.1',
        port: p2pPort(i),
        persistentPeers: Array.from({ length: n }, (_, j) => j)
          .filter((j) => j !== i)
          .map(p2pAddress),
      },
      consensus: { mode: 'bft', timeouts: options.timeouts ?? {} },
      // The validators share this machine's cores.
      verify: { workers: Math.max(1, Math.floor(defaultVerifyWorkers() / n)) },
    };
    const validator = validators[i];
    const nodeKey = nodeKeys[i];
    if (validator === undefined || nodeKey === undefined) continue;
    await writeHome(home, config, genesis, validator);
    await writeNodeKey(home, nodeKey);
    nodes.push({
      name: `node${i}`,
      home,
      apiUrl: `http://127.0.0.1:${apiPort(i)}`,
      p2pAddress: p2pAddress(i),
      validator: formatAddress(addressOf(validator.publicKey)),
      power: powers[i] ?? 10,
    });
  }
  const manifest: TestnetManifest = {
    chainId: options.chainId,
    nodes,
    accounts: accountSigners.map((a) => ({
      name: a.name,
      address: formatAddress(addressOf(a.signer.publicKey)),
    })),
  };
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  return {
    manifest,
    accountSigners,
    validatorSigners: validators.map((signer, i) => ({ name: `node${i}`, signer })),
    warnings,
  };
}

/** Reads `<dir>/testnet.json`. */
export async function readTestnetManifest(dir: string): Promise<TestnetManifest> {
  const path = join(resolve(dir), testnetManifestFile);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw nodeErrors.testnet_not_found({ dir, file: testnetManifestFile });
  }
  const json = JSON.parse(text) as TestnetManifest;
  if (!Array.isArray(json.nodes) || typeof json.chainId !== 'string') {
    throw nodeErrors.invalid_testnet({ path });
  }
  return json;
}

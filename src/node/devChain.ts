// `polity dev`: a throwaway single-validator chain with funded development accounts, for trying
// Polity and for tests. Its keys are returned to the caller (the CLI stores them in the dev home's
// clearly-labelled unencrypted test keystore).
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressOf, generateSigner, type Signer } from '../crypto/index.ts';
import { homePaths } from './home.ts';
import { developmentGovernance, type GovernancePeriods } from './governanceGenesis.ts';
import { initHome } from './initHome.ts';
import { startNode, type RunningNode, type StartOptions } from './startNode.ts';

/** Options of a dev chain. */
export interface DevChainOptions {
  /** Home to use; a new temporary directory when absent (removed on stop unless `keep`). */
  readonly home?: string;
  readonly chainId?: string;
  readonly accounts?: number;
  readonly balance?: bigint;
  readonly apiPort?: number;
  readonly blockIntervalMs?: number;
  /** Governance periods (default fast: a proposal lifecycle in about a minute). */
  readonly governance?: GovernancePeriods;
  readonly keep?: boolean;
  readonly logLevel?: StartOptions['logLevel'];
  readonly logFormat?: StartOptions['logFormat'];
}

/** A running dev chain. */
export interface DevChain extends RunningNode {
  readonly home: string;
  readonly chainId: string;
  /** True when an existing dev home was started again (no new accounts were made). */
  readonly resumed: boolean;
  readonly devAccounts: readonly {
    readonly name: string;
    readonly signer: Signer;
    readonly address: Uint8Array;
  }[];
}

function pathExists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Creates and starts a dev chain. */
export async function runDevChain(options: DevChainOptions = {}): Promise<DevChain> {
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'polity-dev-')));
  // An existing dev home is resumed (its keys are already in its keystore), so a dev chain can be
  // stopped, even killed, and started again.
  const resumed = options.home !== undefined && (await pathExists(homePaths(home).genesis));
  const count = resumed ? 0 : (options.accounts ?? 4);
  const balance = options.balance ?? 1_000_000_000_000n;
  const devAccounts = Array.from({ length: count }, (_, i) => {
    const signer = generateSigner('ed25519');
    return { name: `dev${i}`, signer, address: addressOf(signer.publicKey) };
  });
  if (!resumed) {
    await initHome({
      home,
      chainId: options.chainId ?? 'polity-dev',
      force: true,
      accounts: devAccounts.map((a) => ({ address: a.address, balance })),
      governance: developmentGovernance(
        devAccounts.map((a) => a.address),
        options.governance ?? 'fast',
      ),
      config: { log: { level: options.logLevel ?? 'info', format: options.logFormat ?? 'auto' } },
    });
  }
  let node: RunningNode;
  try {
    node = await startNode({
      home,
      ...(options.apiPort === undefined ? {} : { apiPort: options.apiPort }),
      ...(options.blockIntervalMs === undefined
        ? {}
        : { blockIntervalMs: options.blockIntervalMs }),
    });
  } catch (error) {
    // A throwaway home that never ran is removed; a given --home is the user's and stays.
    if (options.home === undefined) await rm(home, { recursive: true, force: true });
    throw error;
  }
  return {
    ...node,
    home,
    chainId: node.ledger.status().chainId,
    resumed,
    devAccounts,
    async stop() {
      await node.stop();
      if (options.home === undefined && options.keep !== true)
        await rm(home, { recursive: true, force: true });
    },
  };
}

// `polity init`: a new home with a fresh validator key, a genesis naming it the single validator,
// and the given initial balances.
import { access } from 'node:fs/promises';
import { addressOf, generateSigner, type Signer } from '../crypto/index.ts';
import { nodeErrors } from './errors.ts';
import type { Genesis } from '../chain/index.ts';
import type { GenesisGovernance } from '../execution/index.ts';
import { defaultNodeConfig, homePaths, writeHome, type NodeConfig } from './home.ts';

/** What a new home holds. */
export interface InitOptions {
  readonly home: string;
  readonly chainId: string;
  readonly accounts?: readonly { readonly address: Uint8Array; readonly balance: bigint }[];
  readonly minGasPrice?: bigint;
  readonly blockTxsMax?: number;
  readonly config?: Partial<NodeConfig>;
  readonly validator?: Signer;
  readonly genesisTimeMs?: number;
  /** The genesis governance section (none: a chain without proposals). */
  readonly governance?: GenesisGovernance;
  /** Replace the config, genesis and key of a home that has never run (refused otherwise). */
  readonly force?: boolean;
}

/** Creates a home; refuses to overwrite one unless `force`. */
export async function initHome(
  options: InitOptions,
): Promise<{ readonly genesis: Genesis; readonly validator: Signer }> {
  const paths = homePaths(options.home);
  const exists = (path: string): Promise<boolean> =>
    access(path).then(
      () => true,
      () => false,
    );
  if (options.force !== true && (await exists(paths.genesis))) {
    throw nodeErrors.home_exists({
      path: options.home,
      hint: 'it holds a node. Choose another --home, or pass --force to replace its config, genesis and validator key.',
    });
  }
  // A new genesis can never reuse a chain's data (the node would refuse it with genesis_mismatch),
  // and deleting a chain is not something --force should do silently.
  if (await exists(paths.data)) {
    throw nodeErrors.home_has_data({ home: options.home, data: paths.data });
  }
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(options.chainId)) {
    throw nodeErrors.invalid_chain_id();
  }
  const validator = options.validator ?? generateSigner('ed25519');
  const genesis: Genesis = {
    chainId: options.chainId,
    genesisTimeMs: options.genesisTimeMs ?? Date.now(),
    validators: [
      { address: addressOf(validator.publicKey), publicKey: validator.publicKey, power: 10 },
    ],
    accounts: options.accounts ?? [],
    params: { minGasPrice: options.minGasPrice ?? 1n, blockTxsMax: options.blockTxsMax ?? 10_000 },
    ...(options.governance === undefined ? {} : { governance: options.governance }),
  };
  const config: NodeConfig = { ...defaultNodeConfig, ...options.config };
  await writeHome(options.home, config, genesis, validator);
  return { genesis, validator };
}

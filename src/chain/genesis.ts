// The genesis: the chain id, the initial validators and balances, and the chain's parameters. Its
// hash is pinned in the database so a node can never reopen its data with a different genesis.
import { concatBytes } from '../lib/index.ts';
import { encode, fixedBytes, option, struct, text, u64, uint, vec } from '../codec/index.ts';
import { addressSizeBytes, publicKeyCodec, sha256 } from '../crypto/index.ts';
import { chainIdBytesMax, validatorsMax, type Validator } from '../types/index.ts';
import { genesisGovernanceCodec, type GenesisGovernance } from '../execution/index.ts';

/** Chain parameters fixed at genesis (governed later). */
export interface ChainParams {
  readonly minGasPrice: bigint;
  readonly blockTxsMax: number;
  /**
   * The account allowed to change the validator set with `validators.update`: an interim
   * authority until governance takes the decision over (issue 4). Absent: the set never changes.
   */
  readonly validatorAdmin?: Uint8Array;
}

/** A genesis document. */
export interface Genesis {
  readonly chainId: string;
  readonly genesisTimeMs: number;
  readonly validators: readonly Validator[];
  readonly accounts: readonly { readonly address: Uint8Array; readonly balance: bigint }[];
  readonly params: ChainParams;
  /** Chambers, rules and treasury; absent on chains created before governance (no proposals). */
  readonly governance?: GenesisGovernance;
  /**
   * A fork's starting state: every entry of another chain's state at a height (`polity export`),
   * written verbatim as this chain's genesis state. Its root must match `stateRoot`.
   */
  readonly snapshot?: GenesisSnapshot;
}

/** Where a forked chain starts. */
export interface GenesisSnapshot {
  readonly fromChainId: string;
  readonly fromHeight: number;
  readonly fromBlockHash: Uint8Array;
  readonly stateRoot: Uint8Array;
  readonly entries: readonly { readonly key: Uint8Array; readonly value: Uint8Array }[];
}

const snapshotMetaCodec = struct({
  fromChainId: text(chainIdBytesMax),
  fromHeight: uint,
  fromBlockHash: fixedBytes(32),
  stateRoot: fixedBytes(32),
});

/** Most funded accounts a genesis may list. */
export const genesisAccountsMax = 1_000_000;

const genesisCodec = struct({
  chainId: text(chainIdBytesMax),
  genesisTimeMs: uint,
  validators: vec(
    struct({ address: fixedBytes(addressSizeBytes), publicKey: publicKeyCodec, power: uint }),
    validatorsMax,
  ),
  accounts: vec(
    struct({ address: fixedBytes(addressSizeBytes), balance: u64 }),
    genesisAccountsMax,
  ),
  params: struct({ minGasPrice: u64, blockTxsMax: uint }),
});

// Parameters added after the first release are appended, only when present, so that the hash of
// a genesis without them, and with it every existing data directory, stays valid.
const validatorAdminCodec = fixedBytes(addressSizeBytes);

/** The hash that pins a genesis document. */
export function genesisHash(genesis: Genesis): Uint8Array {
  const base = encode(genesisCodec, genesis);
  const admin = genesis.params.validatorAdmin;
  if (genesis.snapshot !== undefined) {
    // A fork: the state is bound by its root (checked against the entries when the state is
    // written), the origin by chain id, height and block hash.
    return sha256(
      concatBytes(
        base,
        encode(option(validatorAdminCodec), admin),
        encode(option(genesisGovernanceCodec), genesis.governance),
        encode(snapshotMetaCodec, genesis.snapshot),
      ),
    );
  }
  if (genesis.governance !== undefined) {
    // With governance the admin is written as an option, so the two extensions never collide.
    return sha256(
      concatBytes(
        base,
        encode(option(validatorAdminCodec), admin),
        encode(genesisGovernanceCodec, genesis.governance),
      ),
    );
  }
  return sha256(admin === undefined ? base : concatBytes(base, encode(validatorAdminCodec, admin)));
}

// The JSON form of a genesis document (genesis.json in a node's home): rendering and parsing with
// every field checked.
import { addressOf, formatAddress, parseAddress, type PublicKey } from '../crypto/index.ts';
import { fromBase64, fromHex, toBase64, toHex, utf8 } from '../lib/index.ts';
import { validatorPowerMax, type Validator } from '../types/index.ts';
import {
  defaultGovernanceParams,
  executionErrors,
  governanceLimits,
  governanceParamsFromJson,
  governanceParamsToJson,
  type GenesisGovernance,
} from '../execution/index.ts';
import type { Genesis, GenesisSnapshot } from './genesis.ts';

function invalid(message: string): Error {
  return executionErrors.invalid_genesis({ problem: message });
}

/** Renders a genesis document as JSON. */
export function genesisToJson(genesis: Genesis): unknown {
  const admin = genesis.params.validatorAdmin;
  return {
    chainId: genesis.chainId,
    genesisTimeMs: genesis.genesisTimeMs,
    validators: genesis.validators.map((v) => ({
      address: formatAddress(v.address),
      publicKey: { scheme: v.publicKey.scheme, hex: toHex(v.publicKey.bytes) },
      power: v.power,
    })),
    accounts: genesis.accounts.map((a) => ({
      address: formatAddress(a.address),
      balance: a.balance.toString(),
    })),
    params: {
      minGasPrice: genesis.params.minGasPrice.toString(),
      blockTxsMax: genesis.params.blockTxsMax,
      ...(admin === undefined ? {} : { validatorAdmin: formatAddress(admin) }),
    },
    ...(genesis.governance === undefined
      ? {}
      : { governance: governanceToJson(genesis.governance) }),
    ...(genesis.snapshot === undefined ? {} : { snapshot: snapshotToJson(genesis.snapshot) }),
  };
}

function snapshotToJson(s: GenesisSnapshot): unknown {
  return {
    fromChainId: s.fromChainId,
    fromHeight: s.fromHeight,
    fromBlockHash: toHex(s.fromBlockHash),
    stateRoot: toHex(s.stateRoot),
    entries: s.entries.map((e) => [toHex(e.key), toBase64(e.value)]),
  };
}

function snapshotFromJson(json: unknown): GenesisSnapshot {
  const fromChainId = field(json, 'fromChainId');
  const fromHeight = field(json, 'fromHeight');
  const fromBlockHash = fromHex(String(field(json, 'fromBlockHash')));
  const stateRoot = fromHex(String(field(json, 'stateRoot')));
  const entries = field(json, 'entries');
  if (
    typeof fromChainId !== 'string' ||
    typeof fromHeight !== 'number' ||
    !Number.isSafeInteger(fromHeight) ||
    fromBlockHash?.length !== 32 ||
    stateRoot?.length !== 32 ||
    !Array.isArray(entries)
  )
    throw invalid(
      'snapshot must be {fromChainId, fromHeight, fromBlockHash, stateRoot, entries: [[hex key, base64 value]…]}',
    );
  return {
    fromChainId,
    fromHeight,
    fromBlockHash,
    stateRoot,
    entries: entries.map((e: unknown) => {
      const key = Array.isArray(e) ? fromHex(String(e[0])) : undefined;
      const value = Array.isArray(e) ? fromBase64(String(e[1])) : undefined;
      if (key === undefined || key.length === 0 || value === undefined)
        throw invalid('every snapshot entry is [hex key, base64 value]');
      return { key, value };
    }),
  };
}

function governanceToJson(g: GenesisGovernance): unknown {
  return {
    mode: g.mode,
    stake: g.stake.map((h) => ({
      holder: formatAddress(h.holder),
      entity: h.entity,
      weight: h.weight.toString(),
    })),
    members: g.members.map((m) => formatAddress(m)),
    maintainers: g.maintainers.map((m) => formatAddress(m)),
    constitution: { hash: toHex(g.constitution.hash), url: g.constitution.url },
    treasury: g.treasury.toString(),
    params: governanceParamsToJson(g.params),
    ...(g.development ? { development: true } : {}),
  };
}

function addressList(value: unknown, what: string, max: number): Uint8Array[] {
  if (!Array.isArray(value) || value.length > max)
    throw invalid(`${what} must be a list of at most ${max} addresses`);
  return value.map((a: unknown) => parseAddress(String(a)));
}

function governanceFromJson(json: unknown): GenesisGovernance {
  const mode = field(json, 'mode') ?? 'consortium';
  if (mode !== 'consortium' && mode !== 'public')
    throw invalid('governance.mode must be "consortium" or "public"');
  const rawStake = field(json, 'stake') ?? [];
  if (!Array.isArray(rawStake) || rawStake.length > governanceLimits.stakeHoldersMax)
    throw invalid(`governance.stake must be a list of at most ${governanceLimits.stakeHoldersMax}`);
  const stake = rawStake.map((h: unknown) => {
    const entity = field(h, 'entity');
    if (
      typeof entity !== 'string' ||
      entity.length === 0 ||
      utf8(entity).length > governanceLimits.entityBytesMax
    )
      throw invalid(
        `governance.stake entity must be 1 to ${governanceLimits.entityBytesMax} bytes`,
      );
    return {
      holder: parseAddress(String(field(h, 'holder'))),
      entity,
      weight: parseAmount(field(h, 'weight'), 'governance.stake weight'),
    };
  });
  const constitution = field(json, 'constitution') ?? { hash: '00'.repeat(32), url: '' };
  const hash = fromHex(String(field(constitution, 'hash')));
  const url = field(constitution, 'url');
  if (
    hash?.length !== 32 ||
    typeof url !== 'string' ||
    utf8(url).length > governanceLimits.urlBytesMax
  )
    throw invalid('governance.constitution must be {hash: 64 hex chars, url: text}');
  const rawParams = field(json, 'params');
  let params;
  try {
    params = governanceParamsFromJson(rawParams ?? {}, defaultGovernanceParams());
  } catch (error) {
    if (error instanceof Error) throw invalid(`governance: ${error.message}`);
    throw error;
  }
  return {
    mode,
    params,
    stake,
    members: addressList(
      field(json, 'members') ?? [],
      'governance.members',
      governanceLimits.membersMax,
    ),
    maintainers: addressList(
      field(json, 'maintainers') ?? [],
      'governance.maintainers',
      governanceLimits.seatsMax,
    ),
    constitution: { hash, url },
    treasury: parseAmount(field(json, 'treasury') ?? '0', 'governance.treasury'),
    development: developmentFromJson(field(json, 'development')),
  };
}

function developmentFromJson(value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw invalid('governance.development must be true or false');
  return value;
}

function field(obj: unknown, name: string): unknown {
  if (typeof obj !== 'object' || obj === null)
    throw invalid(`expected an object holding "${name}"`);
  return (obj as Record<string, unknown>)[name];
}

function parseAmount(value: unknown, what: string): bigint {
  if (typeof value !== 'string' || !/^[0-9]{1,20}$/.test(value))
    throw invalid(`${what} must be a decimal string`);
  return BigInt(value);
}

function parseValidator(v: unknown): Validator {
  const pk = field(v, 'publicKey');
  const hex = fromHex(String(field(pk, 'hex')));
  if (field(pk, 'scheme') !== 'ed25519' || hex?.length !== 32)
    throw invalid('validator publicKey must be {scheme:"ed25519", hex: 64 hex chars}');
  const publicKey: PublicKey = { scheme: 'ed25519', bytes: hex };
  const address = parseAddress(String(field(v, 'address')));
  if (formatAddress(addressOf(publicKey)) !== formatAddress(address))
    throw invalid('a validator address does not match its public key');
  const power = field(v, 'power');
  if (
    typeof power !== 'number' ||
    !Number.isSafeInteger(power) ||
    power <= 0 ||
    power > validatorPowerMax
  )
    throw invalid(`validator power must be an integer from 1 to ${validatorPowerMax}`);
  return { address, publicKey, power };
}

/** Parses and checks a genesis JSON document. */
export function genesisFromJson(json: unknown): Genesis {
  const chainId = field(json, 'chainId');
  if (typeof chainId !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(chainId)) {
    throw invalid('chainId must be 1-64 characters of a-z, 0-9, ".", "_" or "-"');
  }
  const genesisTimeMs = field(json, 'genesisTimeMs');
  if (
    typeof genesisTimeMs !== 'number' ||
    !Number.isSafeInteger(genesisTimeMs) ||
    genesisTimeMs < 0
  ) {
    throw invalid('genesisTimeMs must be a non-negative integer');
  }
  const rawValidators = field(json, 'validators');
  if (!Array.isArray(rawValidators) || rawValidators.length === 0)
    throw invalid('needs at least one validator');
  const validators = rawValidators.map(parseValidator);
  const rawAccounts = field(json, 'accounts');
  if (!Array.isArray(rawAccounts)) throw invalid('accounts must be a list');
  const accounts = rawAccounts.map((a: unknown) => ({
    address: parseAddress(String(field(a, 'address'))),
    balance: parseAmount(field(a, 'balance'), 'account balance'),
  }));
  const params = field(json, 'params');
  const blockTxsMax = field(params, 'blockTxsMax');
  if (
    typeof blockTxsMax !== 'number' ||
    !Number.isSafeInteger(blockTxsMax) ||
    blockTxsMax < 1 ||
    blockTxsMax > 20_000
  ) {
    throw invalid('params.blockTxsMax must be 1..20000');
  }
  const admin = field(params, 'validatorAdmin');
  if (admin !== undefined && typeof admin !== 'string')
    throw invalid('params.validatorAdmin must be an address');
  const rawGovernance = field(json, 'governance');
  const rawSnapshot = field(json, 'snapshot');
  return {
    chainId,
    genesisTimeMs,
    validators,
    accounts,
    params: {
      minGasPrice: parseAmount(field(params, 'minGasPrice'), 'params.minGasPrice'),
      blockTxsMax,
      ...(admin === undefined ? {} : { validatorAdmin: parseAddress(admin) }),
    },
    ...(rawGovernance === undefined ? {} : { governance: governanceFromJson(rawGovernance) }),
    ...(rawSnapshot === undefined ? {} : { snapshot: snapshotFromJson(rawSnapshot) }),
  };
}

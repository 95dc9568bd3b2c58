// The JSON form of a genesis document (genesis.json in a node's home): rendering and parsing with
// every field checked.
import { addressOf, formatAddress, parseAddress, type PublicKey } from '../crypto/index.ts';
import { fromHex, polityError, toHex } from '../lib/index.ts';
import { validatorPowerMax, type Validator } from '../types/index.ts';
import type { Genesis } from './genesis.ts';

function invalid(message: string): Error {
  return polityError('invalid_genesis', 'invalid', `genesis.json: ${message}`);
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
  };
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
  };
}

// Staking values to their API JSON shapes: amounts as decimal strings, addresses in bech32m.
import { formatAddress } from '../crypto/index.ts';
import { toHex } from '../lib/index.ts';
import type { Delegations, StakeValidator, StakingParams, Unbondings } from '../execution/index.ts';
import { keyToJson } from './toJson.ts';

/** Staking parameters. */
export function stakingParamsToJson(p: StakingParams): Record<string, unknown> {
  return {
    powerUnit: p.powerUnit.toString(),
    doubleSignSlashBps: p.doubleSignSlashBps,
    downtimeWindowBlocks: p.downtimeWindowBlocks,
    downtimeMissedMax: p.downtimeMissedMax,
    downtimeJailMs: p.downtimeJailMs,
    downtimeSlashBps: p.downtimeSlashBps,
    minSelfBond: p.minSelfBond.toString(),
  };
}

/** A validator's staking record. */
export function stakeValidatorToJson(
  address: Uint8Array,
  v: StakeValidator,
  power: number,
): Record<string, unknown> {
  return {
    address: formatAddress(address),
    operator: formatAddress(v.operator),
    publicKey: keyToJson(v.publicKey),
    moniker: v.moniker,
    commissionBps: v.commissionBps,
    tokens: v.tokens.toString(),
    shares: v.shares.toString(),
    unbondingTokens: v.unbondingTokens.toString(),
    power,
    jailedUntilMs: v.jailedUntilMs ?? null,
    tombstoned: v.tombstoned,
    slashes: v.slashes.map((s) => ({
      reason: s.reason,
      infractionHeight: s.infractionHeight,
      height: s.height,
      amount: s.amount.toString(),
      evidenceHash: s.reason === 'double_sign' ? toHex(s.evidenceHash) : null,
    })),
  };
}

/** An account's delegations (with what they are worth now) and unbondings. */
export function delegatorToJson(
  delegations: Delegations,
  unbondings: Unbondings,
  worth: (validator: Uint8Array, shares: bigint) => bigint,
): Record<string, unknown> {
  return {
    delegations: delegations.map((d) => ({
      validator: formatAddress(d.validator),
      shares: d.shares.toString(),
      tokens: worth(d.validator, d.shares).toString(),
    })),
    unbondings: unbondings.map((u) => ({
      validator: formatAddress(u.validator),
      shares: u.shares.toString(),
      completeAtMs: u.completeAtMs,
    })),
  };
}

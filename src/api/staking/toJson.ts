// Staking values to their API shapes: amounts as decimal strings, addresses in bech32m.
import { formatAddress } from '../../crypto/index.ts';
import { toHex } from '../../lib/index.ts';
import type { Delegations, StakeValidator, Unbondings } from '../../execution/index.ts';
import { keyToJson } from '../shapes/chainJson.ts';
import type { DelegatorJson, StakeValidatorJson } from './specs.ts';

/** A validator's voting power now, before the cap, and the power unit that converts them. */
export interface PowerFigures {
  readonly power: number;
  readonly uncappedPower: number;
  readonly powerUnit: bigint;
}

/** A validator's staking record with its voting power now. */
export function stakeValidatorToJson(
  address: Uint8Array,
  v: StakeValidator,
  figures: PowerFigures,
): StakeValidatorJson {
  const excess = BigInt(figures.uncappedPower - figures.power) * figures.powerUnit;
  return {
    address: formatAddress(address),
    operator: formatAddress(v.operator),
    publicKey: keyToJson(v.publicKey),
    moniker: v.moniker,
    commissionBps: v.commissionBps,
    tokens: v.tokens.toString(),
    shares: v.shares.toString(),
    unbondingTokens: v.unbondingTokens.toString(),
    power: figures.power,
    uncappedPower: figures.uncappedPower,
    excessTokens: (excess > 0n ? excess : 0n).toString(),
    missedBlocks: v.missedHeights.length,
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
  unbondingWorth: (validator: Uint8Array, shares: bigint) => bigint,
): DelegatorJson {
  return {
    delegations: delegations.map((d) => ({
      validator: formatAddress(d.validator),
      shares: d.shares.toString(),
      tokens: worth(d.validator, d.shares).toString(),
    })),
    unbondings: unbondings.map((u) => ({
      validator: formatAddress(u.validator),
      shares: u.shares.toString(),
      tokens: unbondingWorth(u.validator, u.shares).toString(),
      height: u.height,
      completeAtMs: u.completeAtMs,
    })),
  };
}

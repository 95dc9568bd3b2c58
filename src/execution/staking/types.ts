// Staking data of public chains: validators with bonded stake (shares, so a slash reduces every
// delegator at once without visiting them), delegations, unbondings, slashes with their evidence,
// downtime windows, and where each lives in state (prefix `s`). Rules in the module's other files.
import {
  bool,
  encode,
  enumOf,
  fixedBytes,
  option,
  struct,
  text,
  u16,
  u64,
  uint,
  vec,
  type Infer,
} from '../../codec/index.ts';
import { addressCodec, publicKeyCodec } from '../../crypto/index.ts';
import { concatBytes } from '../../lib/index.ts';

// The crypto codec (same bytes as fixedBytes(20)), so that addresses read as pol1… in JSON.
const address = addressCodec;

/** Bounds of staking state. */
export const stakingLimits = {
  /** Validators ever registered (active, jailed or tombstoned). */
  validatorsMax: 1000,
  /** Validators one account delegates to at once. */
  delegationsPerDelegatorMax: 16,
  /** Unbondings one account has in flight at once. */
  unbondingsPerDelegatorMax: 7,
  /** Slashes kept per validator in its record. */
  slashesMax: 16,
  monikerBytesMax: 64,
  /**
   * Recent bonds kept per validator (so a slash spares stake bonded after the infraction); past
   * it the oldest entry is dropped, and that stake is slashed like older stake.
   */
  recentBondsMax: 64,
  /**
   * Recent undelegations kept per validator (so a slash reaches the unbondings that started at or
   * after the infraction, and only those); past it the oldest is dropped and noted.
   */
  recentUnbondsMax: 64,
  /**
   * How far back evidence can reach (the chain's evidence age): older bonds are pruned from the
   * recent-bond list, since no infraction before them can still be proved.
   */
  evidenceAgeBlocks: 100_000,
  /** Missed heights kept per validator: the downtime limit is never above it. */
  missedHeightsMax: 10_000,
} as const;

/** Staking parameters, fixed at genesis (governable later by parameter proposals). */
export const stakingParamsCodec = struct({
  /** upol of bonded stake per unit of voting power. */
  powerUnit: u64,
  /** Share of a validator's stake (bonded and unbonding) burned for double signing. */
  doubleSignSlashBps: u16,
  /** Downtime: blocks per window, misses in a window that jail, jail time, and the slash. */
  downtimeWindowBlocks: uint,
  downtimeMissedMax: uint,
  downtimeJailMs: uint,
  downtimeSlashBps: u16,
  /** Smallest self-bond that registers a validator. */
  minSelfBond: u64,
  /**
   * How long undelegated stake stays bonded (and slashable). Governance's parameter: governance
   * writes it here at genesis and whenever its rules change.
   */
  unbondingPeriodMs: uint,
  /**
   * Largest share of the total voting power one validator may have, in basis points; stake beyond
   * it stays bonded but adds no power. Governance's parameter (≤ 1/3), copied here like the
   * unbonding period.
   */
  powerCapBps: u16,
});
/** Staking parameters. */
export type StakingParams = Infer<typeof stakingParamsCodec>;

/**
 * Defaults: 1 power per 1,000,000 upol; 5% for double signing; jail 10 min for 50 missed of the
 * last 100 blocks; 21 days to unbond; no validator above 33.33% of the voting power.
 */
export const defaultStakingParams: StakingParams = {
  powerUnit: 1_000_000n,
  doubleSignSlashBps: 500,
  downtimeWindowBlocks: 100,
  downtimeMissedMax: 50,
  downtimeJailMs: 10 * 60 * 1000,
  downtimeSlashBps: 1,
  minSelfBond: 1_000_000n,
  unbondingPeriodMs: 21 * 24 * 60 * 60 * 1000,
  powerCapBps: 3333,
};

/** Why a validator was slashed. */
export const slashReasons = ['double_sign', 'downtime'] as const;

/** A slash, kept with the validator and in the block's receipts of state. */
export const slashCodec = struct({
  reason: enumOf(slashReasons),
  /** Height of the misbehaviour. */
  infractionHeight: uint,
  /** Height of the block that applied the slash. */
  height: uint,
  /** Bonded plus unbonding stake burned. */
  amount: u64,
  /** The evidence (its hash as stored by the chain), or zeros for downtime. */
  evidenceHash: fixedBytes(32),
});
/** A slash. */
export type Slash = Infer<typeof slashCodec>;

/** A validator of a public chain. */
export const stakeValidatorCodec = struct({
  /** The account that registered it and receives its commission. */
  operator: address,
  publicKey: publicKeyCodec,
  moniker: text(stakingLimits.monikerBytesMax),
  commissionBps: u16,
  /** Bonded stake and the shares it is divided into. */
  tokens: u64,
  shares: u64,
  /** Stake leaving it (unbonding, still slashable) and its shares. */
  unbondingTokens: u64,
  unbondingShares: u64,
  jailedUntilMs: option(uint),
  /** Double-signed: never validates again. */
  tombstoned: bool,
  slashes: vec(slashCodec, stakingLimits.slashesMax),
  /**
   * Heights of the blocks it missed among the last `downtimeWindowBlocks` (a sliding window,
   * oldest first); cleared when it is jailed or unjailed.
   */
  missedHeights: vec(uint, stakingLimits.missedHeightsMax),
});
/** A validator of a public chain. */
export type StakeValidator = Infer<typeof stakeValidatorCodec>;

/** One delegator's delegations (validator and shares). */
export const delegationsCodec = vec(
  struct({ validator: address, shares: u64 }),
  stakingLimits.delegationsPerDelegatorMax,
);
/** One delegator's delegations. */
export type Delegations = Infer<typeof delegationsCodec>;

/**
 * Bonds made to a validator within the evidence age (oldest first; one entry per delegator and
 * height): a slash for an infraction before them leaves them whole.
 */
export const recentBondsCodec = vec(
  struct({ height: uint, delegator: address, shares: u64 }),
  stakingLimits.recentBondsMax,
);
/** Recent bonds of a validator. */
export type RecentBonds = Infer<typeof recentBondsCodec>;

/**
 * Undelegations from a validator within the evidence age (oldest first; one entry per delegator
 * and height), so a slash finds the unbondings that started at or after the infraction.
 * `droppedAbove`: the newest height of an entry dropped because the list was full — a slash for an
 * infraction at or before it cannot tell those unbondings apart and slashes all unbonding stake.
 */
export const recentUnbondsCodec = struct({
  entries: vec(struct({ height: uint, delegator: address }), stakingLimits.recentUnbondsMax),
  droppedAbove: uint,
});
/** Recent undelegations from a validator. */
export type RecentUnbonds = Infer<typeof recentUnbondsCodec>;

/** One delegator's unbondings in flight (`height`: the block that started it). */
export const unbondingsCodec = vec(
  struct({ validator: address, shares: u64, completeAtMs: uint, height: uint }),
  stakingLimits.unbondingsPerDelegatorMax,
);
/** One delegator's unbondings in flight. */
export type Unbondings = Infer<typeof unbondingsCodec>;

/** Staking's own state: parameters and every registered validator. */
export const stakingStateCodec = struct({
  params: stakingParamsCodec,
  validators: vec(address, stakingLimits.validatorsMax),
  /** Accounts whose stake-chamber vote follows someone other than their validators. */
  redirectCount: uint,
  /**
   * Every validator's power is to be recomputed at the end of the next block (genesis, or the
   * power cap changed), not only the marked ones'.
   */
  powerStale: bool,
});
/** Staking's own state. */
export type StakingState = Infer<typeof stakingStateCodec>;

/** The first byte of staking's state keys (`s`). */
export const stakingStatePrefix = 0x73;

/** State keys of staking. */
export const stakingKeys = {
  state: Uint8Array.of(stakingStatePrefix, 0x00),
  validator(validator: Uint8Array): Uint8Array {
    return concatBytes(Uint8Array.of(stakingStatePrefix, 0x01), validator);
  },
  delegations(delegator: Uint8Array): Uint8Array {
    return concatBytes(Uint8Array.of(stakingStatePrefix, 0x02), delegator);
  },
  unbondings(delegator: Uint8Array): Uint8Array {
    return concatBytes(Uint8Array.of(stakingStatePrefix, 0x03), delegator);
  },
  /** Whom a delegator's stake-chamber vote follows instead of its validators. */
  govDelegate(delegator: Uint8Array): Uint8Array {
    return concatBytes(Uint8Array.of(stakingStatePrefix, 0x04), delegator);
  },
  redirectChunk(chunk: number): Uint8Array {
    return concatBytes(Uint8Array.of(stakingStatePrefix, 0x05), encode(uint, chunk));
  },
  /** A validator's undelegations within the evidence age. */
  recentUnbonds(validator: Uint8Array): Uint8Array {
    return concatBytes(Uint8Array.of(stakingStatePrefix, 0x07), validator);
  },
  /** A validator's bonds within the evidence age. */
  recentBonds(validator: Uint8Array): Uint8Array {
    return concatBytes(Uint8Array.of(stakingStatePrefix, 0x06), validator);
  },
} as const;

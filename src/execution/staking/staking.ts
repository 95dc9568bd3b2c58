// Staking on public chains: validators register with a self-bond, accounts delegate and undelegate
// (unbonding for the unbonding period, still slashable, then withdrawn), double signing is slashed
// and tombstoned, downtime is jailed. Stake is held as shares of a validator's pool, so a slash
// lowers every delegation at once without visiting them. Bonded and unbonding stake sit in a
// module account no key controls; a slash burns from it.
import { decode, encode } from '../../codec/index.ts';
import { addressOf, formatAddress, sha256 } from '../../crypto/index.ts';
import { equalBytes, polityError, toHex, utf8, type PolityError } from '../../lib/index.ts';
import {
  addressChunkCodec,
  defaultStakingParams,
  delegationsCodec,
  stakeValidatorCodec,
  stakingKeys,
  stakingLimits,
  stakingStateCodec,
  unbondingsCodec,
  validatorPowerMax,
  validatorsMax,
  type Delegations,
  type Message,
  type Slash,
  type StakeValidator,
  type StakingState,
  type Unbondings,
  type Validator,
  type ValidatorUpdate,
} from '../../types/index.ts';
import { credit, readAccount, transfer, writeAccount } from '../accounts.ts';
import type { StateOverlay, StateReader } from '../overlay.ts';
import { readGovState } from '../governance/store.ts';
import { updateValidatorSet } from '../validators.ts';

/** The account holding all bonded and unbonding stake. */
export const bondedPoolAccount = sha256(utf8('polity/module/bonded')).slice(0, 20);

const day = 24 * 60 * 60 * 1000;

function stakeError(code: string, message: string): PolityError {
  return polityError(code, code.endsWith('_not_found') ? 'not_found' : 'invalid', message);
}

/** Staking's state, or undefined on a chain without staking (consortium chains). */
export function readStaking(state: StateReader): StakingState | undefined {
  const raw = state.get(stakingKeys.state);
  return raw === undefined ? undefined : decode(stakingStateCodec, raw);
}

/** Writes staking's own state. */
export function writeStakingState(state: StateOverlay, s: StakingState): void {
  state.set(stakingKeys.state, encode(stakingStateCodec, s));
}

/** A registered validator, or undefined. */
export function readStakeValidator(
  state: StateReader,
  validator: Uint8Array,
): StakeValidator | undefined {
  const raw = state.get(stakingKeys.validator(validator));
  return raw === undefined ? undefined : decode(stakeValidatorCodec, raw);
}

function writeStakeValidator(state: StateOverlay, address: Uint8Array, v: StakeValidator): void {
  state.set(stakingKeys.validator(address), encode(stakeValidatorCodec, v));
}

/** An account's delegations. */
export function readDelegations(state: StateReader, delegator: Uint8Array): Delegations {
  const raw = state.get(stakingKeys.delegations(delegator));
  return raw === undefined ? [] : decode(delegationsCodec, raw);
}

function writeDelegations(state: StateOverlay, delegator: Uint8Array, d: Delegations): void {
  state.set(
    stakingKeys.delegations(delegator),
    d.length === 0 ? undefined : encode(delegationsCodec, d),
  );
}

/** An account's unbondings in flight. */
export function readUnbondings(state: StateReader, delegator: Uint8Array): Unbondings {
  const raw = state.get(stakingKeys.unbondings(delegator));
  return raw === undefined ? [] : decode(unbondingsCodec, raw);
}

function writeUnbondings(state: StateOverlay, delegator: Uint8Array, u: Unbondings): void {
  state.set(
    stakingKeys.unbondings(delegator),
    u.length === 0 ? undefined : encode(unbondingsCodec, u),
  );
}

/** Tokens that `shares` of a pool of `tokens` over `total` shares are worth (rounded down). */
export function tokensOf(shares: bigint, tokens: bigint, total: bigint): bigint {
  return total === 0n ? 0n : (shares * tokens) / total;
}

/** What an account's delegation to a validator is worth now. */
export function delegatedTokens(v: StakeValidator, shares: bigint): bigint {
  return tokensOf(shares, v.tokens, v.shares);
}

/** Voting power of a validator: bonded stake in power units, 0 while jailed or once tombstoned. */
export function powerOf(v: StakeValidator, powerUnit: bigint, nowMs: number): number {
  if (v.tombstoned || (v.jailedUntilMs !== undefined && v.jailedUntilMs > nowMs)) return 0;
  const units = v.tokens / powerUnit;
  return Number(units > BigInt(validatorPowerMax) ? BigInt(validatorPowerMax) : units);
}

function unbondingPeriodMs(state: StateReader): number {
  return readGovState(state)?.params.unbondingPeriodMs ?? 21 * day;
}

/** Where a staking message runs. */
export interface StakeContext {
  readonly height: number;
  readonly timeMs: number;
  /** Validators whose stake or status changed (their power is recomputed at block end). */
  readonly changed: Set<string>;
}

function bond(
  state: StateOverlay,
  v: StakeValidator,
  address: Uint8Array,
  delegator: Uint8Array,
  amount: bigint,
): StakeValidator {
  transfer(state, delegator, bondedPoolAccount, amount);
  const newShares = v.shares === 0n || v.tokens === 0n ? amount : (amount * v.shares) / v.tokens;
  if (newShares === 0n)
    throw stakeError(
      'amount_too_small',
      'The amount buys no share of this validator; delegate more.',
    );
  const delegations = readDelegations(state, delegator).slice();
  const at = delegations.findIndex((d) => equalBytes(d.validator, address));
  if (at < 0) {
    if (delegations.length >= stakingLimits.delegationsPerDelegatorMax)
      throw stakeError(
        'delegations_full',
        `An account delegates to at most ${stakingLimits.delegationsPerDelegatorMax} validators; undelegate from one first.`,
      );
    delegations.push({ validator: address, shares: newShares });
  } else {
    const current = delegations[at];
    if (current !== undefined) delegations[at] = { ...current, shares: current.shares + newShares };
  }
  writeDelegations(state, delegator, delegations);
  return { ...v, tokens: v.tokens + amount, shares: v.shares + newShares };
}

function requireStaking(state: StateReader): StakingState {
  const s = readStaking(state);
  if (s === undefined)
    throw stakeError(
      'staking_disabled',
      'This chain admits validators by proposal (consortium), not by bonded stake.',
    );
  return s;
}

function requireValidator(state: StateReader, address: Uint8Array): StakeValidator {
  const v = readStakeValidator(state, address);
  if (v === undefined)
    throw stakeError(
      'validator_not_found',
      `No validator ${formatAddress(address)} is registered.`,
    );
  return v;
}

type StakeMessage = Extract<Message, { type: `stake.${string}` }>;

/** Runs one staking message from `sender`. */
export function runStakeMessage(
  state: StateOverlay,
  ctx: StakeContext,
  sender: Uint8Array,
  m: StakeMessage,
): void {
  switch (m.type) {
    case 'stake.create-validator': {
      const s = requireStaking(state);
      const address = addressOf(m.publicKey);
      if (readStakeValidator(state, address) !== undefined)
        throw stakeError(
          'validator_exists',
          'A validator with this consensus key is registered already.',
        );
      if (s.validators.length >= stakingLimits.validatorsMax)
        throw stakeError(
          'validators_full',
          `At most ${stakingLimits.validatorsMax} validators can register.`,
        );
      if (m.amount < s.params.minSelfBond)
        throw stakeError(
          'self_bond_too_small',
          `A validator bonds at least ${s.params.minSelfBond} upol of its own; got ${m.amount}.`,
        );
      const empty: StakeValidator = {
        operator: sender,
        publicKey: m.publicKey,
        moniker: m.moniker,
        commissionBps: m.commissionBps,
        tokens: 0n,
        shares: 0n,
        unbondingTokens: 0n,
        unbondingShares: 0n,
        jailedUntilMs: undefined,
        tombstoned: false,
        slashes: [],
        window: 0,
        missed: 0,
      };
      writeStakeValidator(state, address, bond(state, empty, address, sender, m.amount));
      writeStakingState(state, { ...s, validators: [...s.validators, address] });
      ctx.changed.add(toHex(address));
      return;
    }
    case 'stake.delegate': {
      requireStaking(state);
      const v = requireValidator(state, m.validator);
      if (v.tombstoned)
        throw stakeError(
          'validator_tombstoned',
          'This validator double-signed and can never validate again.',
        );
      writeStakeValidator(state, m.validator, bond(state, v, m.validator, sender, m.amount));
      ctx.changed.add(toHex(m.validator));
      return;
    }
    case 'stake.undelegate': {
      requireStaking(state);
      const v = requireValidator(state, m.validator);
      const delegations = readDelegations(state, sender).slice();
      const at = delegations.findIndex((d) => equalBytes(d.validator, m.validator));
      const held = at < 0 ? 0n : (delegations[at]?.shares ?? 0n);
      const worth = delegatedTokens(v, held);
      if (m.amount > worth)
        throw stakeError(
          'insufficient_stake',
          `This account's delegation to that validator is worth ${worth}; undelegate at most that.`,
        );
      // Shares to give up, rounded up so the pool never pays out more than the shares are worth.
      const shares = m.amount === worth ? held : (m.amount * v.shares + v.tokens - 1n) / v.tokens;
      const tokens = tokensOf(shares, v.tokens, v.shares);
      const unbondings = readUnbondings(state, sender);
      if (unbondings.length >= stakingLimits.unbondingsPerDelegatorMax)
        throw stakeError(
          'unbondings_full',
          `At most ${stakingLimits.unbondingsPerDelegatorMax} unbondings at once; withdraw the ones that are complete first.`,
        );
      const poolShares =
        v.unbondingShares === 0n || v.unbondingTokens === 0n
          ? tokens
          : (tokens * v.unbondingShares) / v.unbondingTokens;
      const left = held - shares;
      if (left === 0n) delegations.splice(at, 1);
      else delegations[at] = { validator: m.validator, shares: left };
      writeDelegations(state, sender, delegations);
      writeUnbondings(state, sender, [
        ...unbondings,
        {
          validator: m.validator,
          shares: poolShares,
          completeAtMs: ctx.timeMs + unbondingPeriodMs(state),
        },
      ]);
      writeStakeValidator(state, m.validator, {
        ...v,
        tokens: v.tokens - tokens,
        shares: v.shares - shares,
        unbondingTokens: v.unbondingTokens + tokens,
        unbondingShares: v.unbondingShares + poolShares,
      });
      ctx.changed.add(toHex(m.validator));
      return;
    }
    case 'stake.withdraw': {
      requireStaking(state);
      const unbondings = readUnbondings(state, sender);
      const due = unbondings.filter((u) => u.completeAtMs <= ctx.timeMs);
      if (due.length === 0)
        throw stakeError(
          'nothing_to_withdraw',
          unbondings.length === 0
            ? 'This account has no unbonding in flight.'
            : `No unbonding is complete yet; the next completes at ${Math.min(...unbondings.map((u) => u.completeAtMs))} ms.`,
        );
      let total = 0n;
      for (const u of due) {
        const v = requireValidator(state, u.validator);
        const tokens = tokensOf(u.shares, v.unbondingTokens, v.unbondingShares);
        writeStakeValidator(state, u.validator, {
          ...v,
          unbondingTokens: v.unbondingTokens - tokens,
          unbondingShares: v.unbondingShares - u.shares,
        });
        total += tokens;
      }
      writeUnbondings(
        state,
        sender,
        unbondings.filter((u) => u.completeAtMs > ctx.timeMs),
      );
      if (total > 0n) transfer(state, bondedPoolAccount, sender, total);
      return;
    }
    case 'stake.unjail': {
      requireStaking(state);
      const v = requireValidator(state, m.validator);
      if (!equalBytes(v.operator, sender))
        throw stakeError(
          'not_operator',
          'Only the account that registered the validator can unjail it.',
        );
      if (v.tombstoned)
        throw stakeError(
          'validator_tombstoned',
          'This validator double-signed and can never validate again.',
        );
      if (v.jailedUntilMs === undefined)
        throw stakeError('not_jailed', 'The validator is not jailed.');
      if (v.jailedUntilMs > ctx.timeMs)
        throw stakeError('still_jailed', `The validator stays jailed until ${v.jailedUntilMs} ms.`);
      writeStakeValidator(state, m.validator, { ...v, jailedUntilMs: undefined, missed: 0 });
      ctx.changed.add(toHex(m.validator));
      return;
    }
  }
}

function slash(
  state: StateOverlay,
  v: StakeValidator,
  bps: number,
  record: Omit<Slash, 'amount'>,
): StakeValidator {
  const fromBonded = (v.tokens * BigInt(bps)) / 10_000n;
  const fromUnbonding = (v.unbondingTokens * BigInt(bps)) / 10_000n;
  const amount = fromBonded + fromUnbonding;
  if (amount > 0n) {
    // Burned: the pool loses it and nobody receives it.
    const pool = readAccount(state, bondedPoolAccount);
    writeAccount(state, bondedPoolAccount, { ...pool, balance: pool.balance - amount });
  }
  const slashes = [...v.slashes, { ...record, amount }].slice(-stakingLimits.slashesMax);
  return {
    ...v,
    tokens: v.tokens - fromBonded,
    unbondingTokens: v.unbondingTokens - fromUnbonding,
    slashes,
  };
}

/**
 * The block's fees on a public chain: the proposing validator's operator takes its commission and
 * the rest joins the validator's bonded pool, raising the worth of every share — so delegators
 * earn in proportion to their stake without being visited. Returns false (nothing done) when the
 * proposer has no stake record; the caller then pays the proposer's account as before.
 */
export function distributeFees(
  state: StateOverlay,
  ctx: StakeContext,
  proposer: Uint8Array,
  fees: bigint,
): boolean {
  if (fees === 0n || readStaking(state) === undefined) return false;
  const v = readStakeValidator(state, proposer);
  if (v === undefined || v.tombstoned || v.shares === 0n) return false;
  const commission = (fees * BigInt(v.commissionBps)) / 10_000n;
  if (commission > 0n) credit(state, v.operator, commission);
  const pooled = fees - commission;
  if (pooled > 0n) {
    credit(state, bondedPoolAccount, pooled);
    writeStakeValidator(state, proposer, { ...v, tokens: v.tokens + pooled });
    ctx.changed.add(toHex(proposer));
  }
  return true;
}

/** A validator's misbehaviour proved by evidence in the block. */
export interface Misbehaviour {
  readonly validator: Uint8Array;
  readonly height: number;
  readonly evidenceHash: Uint8Array;
}

/**
 * Begin-of-block staking: slashes and tombstones validators whose double signing the block's
 * evidence proves, and counts the misses of validators absent from the last commit (jailing those
 * past the downtime limit). Chains without staking are left alone.
 */
export function beginBlockStaking(
  state: StateOverlay,
  ctx: StakeContext,
  misbehaviour: readonly Misbehaviour[],
  absent: readonly Uint8Array[],
): void {
  const s = readStaking(state);
  if (s === undefined) return;
  const p = s.params;
  for (const m of misbehaviour) {
    const v = readStakeValidator(state, m.validator);
    if (v === undefined || v.tombstoned) continue;
    const slashed = slash(state, v, p.doubleSignSlashBps, {
      reason: 'double_sign',
      infractionHeight: m.height,
      height: ctx.height,
      evidenceHash: m.evidenceHash,
    });
    writeStakeValidator(state, m.validator, {
      ...slashed,
      tombstoned: true,
      jailedUntilMs: Number.MAX_SAFE_INTEGER,
    });
    ctx.changed.add(toHex(m.validator));
  }
  const window = Math.floor(ctx.height / p.downtimeWindowBlocks);
  for (const address of absent) {
    const v = readStakeValidator(state, address);
    if (v === undefined || v.tombstoned || v.jailedUntilMs !== undefined) continue;
    const missed = (v.window === window ? v.missed : 0) + 1;
    if (missed < p.downtimeMissedMax) {
      writeStakeValidator(state, address, { ...v, window, missed });
      continue;
    }
    const slashed = slash(state, v, p.downtimeSlashBps, {
      reason: 'downtime',
      infractionHeight: ctx.height - 1,
      height: ctx.height,
      evidenceHash: new Uint8Array(32),
    });
    writeStakeValidator(state, address, {
      ...slashed,
      window,
      missed: 0,
      jailedUntilMs: ctx.timeMs + p.downtimeJailMs,
    });
    ctx.changed.add(toHex(address));
  }
}

/**
 * End-of-block staking: the validator-set changes that follow from changed stake or status (they
 * take effect two blocks later, like any change). A change that would leave the set empty or too
 * large is not made: the chain must keep validators.
 */
export function endBlockStaking(
  state: StateReader,
  ctx: StakeContext,
  validators: readonly Validator[],
): { readonly updates: readonly ValidatorUpdate[]; readonly validators: readonly Validator[] } {
  const s = readStaking(state);
  if (s === undefined || ctx.changed.size === 0) return { updates: [], validators };
  const updates: ValidatorUpdate[] = [];
  for (const address of s.validators) {
    if (!ctx.changed.has(toHex(address))) continue;
    const v = readStakeValidator(state, address);
    if (v === undefined) continue;
    const power = powerOf(v, s.params.powerUnit, ctx.timeMs);
    const current = validators.find((x) => equalBytes(x.address, address))?.power ?? 0;
    if (power !== current) updates.push({ publicKey: v.publicKey, power });
  }
  if (updates.length === 0) return { updates, validators };
  try {
    const next = updateValidatorSet(validators, updates);
    if (next.length > validatorsMax) return { updates: [], validators };
    return { updates, validators: next };
  } catch {
    return { updates: [], validators };
  }
}

/** Genesis of a public chain: every genesis validator bonded with power × powerUnit, self-delegated. */
export function genesisStaking(
  state: StateOverlay,
  validators: readonly Validator[],
  params = defaultStakingParams,
): void {
  const addresses: Uint8Array[] = [];
  for (const val of validators) {
    const tokens = BigInt(val.power) * params.powerUnit;
    credit(state, bondedPoolAccount, tokens);
    writeStakeValidator(state, val.address, {
      operator: val.address,
      publicKey: val.publicKey,
      moniker: '',
      commissionBps: 0,
      tokens,
      shares: tokens,
      unbondingTokens: 0n,
      unbondingShares: 0n,
      jailedUntilMs: undefined,
      tombstoned: false,
      slashes: [],
      window: 0,
      missed: 0,
    });
    writeDelegations(state, val.address, [{ validator: val.address, shares: tokens }]);
    addresses.push(val.address);
  }
  writeStakingState(state, { params, validators: addresses, redirectCount: 0 });
}

/** Appends `address` to a chunked list whose length is `count`; returns the new length. */
export function appendChunked(
  state: StateOverlay,
  keyOf: (chunk: number) => Uint8Array,
  count: number,
  address: Uint8Array,
): number {
  const chunk = Math.floor(count / stakingLimits.chunkEntries);
  const raw = state.get(keyOf(chunk));
  const entries = raw === undefined ? [] : decode(addressChunkCodec, raw);
  state.set(keyOf(chunk), encode(addressChunkCodec, [...entries, address]));
  return count + 1;
}

/** Reads a chunked list of `count` addresses. */
export function readChunked(
  state: StateReader,
  keyOf: (chunk: number) => Uint8Array,
  count: number,
): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let chunk = 0; chunk * stakingLimits.chunkEntries < count; chunk++) {
    const raw = state.get(keyOf(chunk));
    if (raw !== undefined) out.push(...decode(addressChunkCodec, raw));
  }
  return out;
}

// Who votes in each chamber, with what weight, for which entity, following whom. Consortium chains
// keep an explicit stake roll (organisations' weights, changed by admission proposals); public
// chains count bonded stake: validators with their delegators, less the delegators who override.
import { decode, uint } from '../../codec/index.ts';
import { formatAddress } from '../../crypto/index.ts';
import { equalBytes, toHex } from '../../lib/index.ts';
import type { Validator } from '../../types/index.ts';
import { readChunked } from '../chunkedList.ts';
import type { StateReader } from '../overlay.ts';
import {
  delegatedTokens,
  readDelegations,
  readStakeValidator,
  readStaking,
  readVoteRedirect,
  redirectingDelegators,
  type StakeValidator,
} from '../staking/index.ts';
import { readMemberDelegate, readMemberRoll, readStakeRoll } from './store.ts';
import type { Voter } from './tally.ts';
import { type Chamber } from './types.ts';
import { governanceKeys, type GovernanceState, type StakeHolder } from './state.ts';

/** A chamber's voters and the address behind each voter id. */
export interface ChamberRoll {
  readonly voters: readonly Voter[];
  readonly addresses: ReadonlyMap<string, Uint8Array>;
}

function rollOf(entries: readonly { address: Uint8Array; voter: Voter }[]): ChamberRoll {
  return {
    voters: entries.map((e) => e.voter),
    addresses: new Map(entries.map((e) => [e.voter.id, e.address])),
  };
}

// A public chain's stake chamber: each validator votes with its bonded stake, less the stake of
// delegators who override it — those who voted on `proposal` themselves, and those whose vote
// follows someone else (`gov.delegate` in the stake chamber) — who vote with their own.
function publicStakeRoll(
  state: StateReader,
  proposal: number | undefined,
): ChamberRoll | undefined {
  const staking = readStaking(state);
  if (staking === undefined) return undefined;
  const weights = new Map<string, bigint>();
  const addresses = new Map<string, Uint8Array>();
  const records = new Map<string, StakeValidator>();
  for (const address of staking.validators) {
    const v = readStakeValidator(state, address);
    if (v === undefined || v.tombstoned) continue;
    const id = toHex(address);
    weights.set(id, v.tokens);
    addresses.set(id, address);
    records.set(id, v);
  }
  const overrides = new Map<string, { address: Uint8Array; delegate: string | undefined }>();
  for (const a of redirectingDelegators(state)) {
    const to = readVoteRedirect(state, a);
    if (to !== undefined) overrides.set(toHex(a), { address: a, delegate: toHex(to) });
  }
  if (proposal !== undefined) {
    const countRaw = state.get(governanceKeys.stakeVoterCount(proposal));
    const count = countRaw === undefined ? 0 : decode(uint, countRaw);
    const keyOf = (chunk: number) => governanceKeys.stakeVoterChunk(proposal, chunk);
    for (const a of readChunked(state, keyOf, count)) {
      const id = toHex(a);
      overrides.set(id, { address: a, delegate: overrides.get(id)?.delegate });
    }
  }
  const entries: { address: Uint8Array; voter: Voter }[] = [];
  for (const [id, o] of overrides) {
    if (weights.has(id)) continue; // a validator's own account votes as the validator
    let weight = 0n;
    for (const d of readDelegations(state, o.address)) {
      const vid = toHex(d.validator);
      const v = records.get(vid);
      if (v === undefined) continue;
      const tokens = delegatedTokens(v, d.shares);
      weight += tokens;
      weights.set(vid, (weights.get(vid) ?? 0n) - tokens);
    }
    entries.push({ address: o.address, voter: { id, entity: id, weight, delegate: o.delegate } });
  }
  for (const [id, weight] of weights) {
    const address = addresses.get(id);
    if (address === undefined) continue;
    entries.unshift({
      address,
      voter: { id, entity: id, weight: weight > 0n ? weight : 0n, delegate: undefined },
    });
  }
  return rollOf(entries);
}

/** The voters of `chamber` now (for `proposal`: with the delegators who overrode their validator). */
export function chamberRoll(
  state: StateReader,
  gov: GovernanceState,
  chamber: Chamber,
  validators: readonly Validator[],
  proposal?: number,
): ChamberRoll {
  switch (chamber) {
    case 'stake':
      if (gov.mode === 'public') {
        const roll = publicStakeRoll(state, proposal);
        if (roll !== undefined) return roll;
      }
      if (gov.mode === 'consortium') {
        return rollOf(
          readStakeRoll(state).map((h) => ({
            address: h.holder,
            voter: { id: toHex(h.holder), entity: h.entity, weight: h.weight, delegate: undefined },
          })),
        );
      }
      return rollOf(
        validators.map((v) => {
          const id = toHex(v.address);
          return {
            address: v.address,
            voter: { id, entity: id, weight: BigInt(v.power), delegate: undefined },
          };
        }),
      );
    case 'members':
      return rollOf(
        readMemberRoll(state).map((m) => {
          const id = toHex(m);
          const to = readMemberDelegate(state, m);
          return {
            address: m,
            voter: {
              id,
              entity: id,
              weight: 1n,
              delegate: to === undefined ? undefined : toHex(to),
            },
          };
        }),
      );
    case 'maintainers':
      return rollOf(
        gov.council.map((seat) => {
          const id = toHex(seat.holder);
          return {
            address: seat.holder,
            voter: { id, entity: id, weight: 1n, delegate: undefined },
          };
        }),
      );
  }
}

/**
 * The stake chamber as a table of holders: a consortium's roll; on a public chain each voter of the
 * chamber as it stands (validators with their delegators' stake, then delegators who chose another
 * delegate) with the party it votes for — a validator's operator, or the delegator itself.
 */
export function stakeHolders(
  state: StateReader,
  gov: GovernanceState,
  validators: readonly Validator[],
): readonly StakeHolder[] {
  if (gov.mode === 'consortium') return readStakeRoll(state);
  const roll = chamberRoll(state, gov, 'stake', validators);
  return roll.voters.flatMap((v) => {
    const holder = roll.addresses.get(v.id);
    if (holder === undefined) return [];
    const operator = readStakeValidator(state, holder)?.operator ?? holder;
    return [{ holder, entity: formatAddress(operator), weight: v.weight }];
  });
}

/** The validators (not tombstoned) whose operator is `account`. */
export function operatedValidators(state: StateReader, account: Uint8Array): Uint8Array[] {
  const staking = readStaking(state);
  if (staking === undefined) return [];
  return staking.validators.filter((address) => {
    const v = readStakeValidator(state, address);
    return v !== undefined && !v.tombstoned && equalBytes(v.operator, account);
  });
}

/** Whether `address` may vote in `chamber`. */
export function inChamber(
  state: StateReader,
  gov: GovernanceState,
  chamber: Chamber,
  validators: readonly Validator[],
  address: Uint8Array,
): boolean {
  switch (chamber) {
    case 'stake':
      if (gov.mode === 'consortium')
        return readStakeRoll(state).some((h) => equalBytes(h.holder, address) && h.weight > 0n);
      if (readStaking(state) === undefined)
        return validators.some((v) => equalBytes(v.address, address));
      return (
        operatedValidators(state, address).length > 0 || readDelegations(state, address).length > 0
      );
    case 'members':
      return readMemberRoll(state).some((m) => equalBytes(m, address));
    case 'maintainers':
      return gov.council.some((s) => equalBytes(s.holder, address));
  }
}

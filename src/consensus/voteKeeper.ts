// Counts the votes of one height and answers the threshold questions the algorithm asks: is there
// +2/3 of the power prevoting (or precommitting) for one value, for nil, or for anything in a
// round; do more than 1/3 of the validators already speak in a higher round.
//
// A validator's second, different vote for the same round and type is equivocation: it is
// reported as a conflict (evidence), and it still counts towards its own value, as the paper counts
// every message received: a peer that saw a polka including an equivocator's vote for v re-sends
// that vote with its proposal (line 28), and a node that first heard the equivocator vote for
// something else must be able to see the same polka. Each validator counts at most once towards
// "anything" (lines 34, 47, 55) and once per value; with less than a third of the power faulty,
// no two values can both reach +2/3. The distinct values kept per validator are bounded.
import { equalBytes, toHex } from '../lib/index.ts';
import type { SignedVote, Validator } from '../types/index.ts';
import { voteTypes } from '../types/index.ts';
import type { ValueId } from './machine.ts';

/** The key of nil in per-value tallies (a block hash in hex is never empty). */
const nilKey = '';

/** Rounds ahead of the current one whose votes are kept; later ones are dropped (a bound). */
export const voteRoundsAheadMax = 64;

/** Distinct values one validator's votes count towards, per round and type (a bound). */
export const valuesPerVoterMax = 3;

interface Tally {
  /** Power per value (nilKey for nil). */
  readonly byValue: Map<string, number>;
  /** Each validator's votes in this round and type by value key, the first one first. */
  readonly votes: Map<string, Map<string, SignedVote>>;
  /** Power of the validators that voted, each once. */
  total: number;
}

interface RoundVotes {
  readonly prevotes: Tally;
  readonly precommits: Tally;
  /** Validators seen voting in this round, any type (for the f+1 rule of line 55). */
  readonly speakers: Map<string, number>;
  speakersPower: number;
}

/** The outcome of adding a vote. */
export type AddVoteResult =
  | { readonly status: 'added' }
  | { readonly status: 'duplicate' }
  | { readonly status: 'ignored'; readonly reason: string }
  /**
   * The validator already voted differently in this round and type: `existing` is its first
   * vote. `counted` tells whether this vote was added to its value's tally (within the bound).
   */
  | { readonly status: 'conflict'; readonly existing: SignedVote; readonly counted: boolean };

/** Vote tallies of one height over one validator set. */
export interface VoteKeeper {
  /** Adds a vote whose signature the caller has verified. */
  add(signed: SignedVote, currentRound: number): AddVoteResult;
  /** Value with +2/3 prevotes in `round` (undefined: nil; absent: none). */
  polka(round: number): { readonly value: ValueId | undefined } | undefined;
  /** True once +2/3 of the power prevoted in `round`, for anything. */
  polkaAny(round: number): boolean;
  /** Value with +2/3 precommits in `round`. */
  precommitQuorum(round: number): { readonly value: ValueId | undefined } | undefined;
  /** True once +2/3 of the power precommitted in `round`, for anything. */
  precommitAny(round: number): boolean;
  /** The lowest round above `round` in which more than 1/3 of the power has voted. */
  skipRound(round: number): number | undefined;
  /** Precommits for `value` in `round`, in validator-set order (to build a commit). */
  precommitsFor(round: number, value: ValueId): readonly SignedVote[];
  /** Prevotes for `value` in `round`, in validator-set order (the proof of a polka). */
  prevotesFor(round: number, value: ValueId): readonly SignedVote[];
  /** True when exactly this signed vote (same fields, same signature) is already counted. */
  contains(signed: SignedVote): boolean;
  /** Rounds that have votes. */
  rounds(): readonly number[];
}

const keyOf = (hash: Uint8Array | undefined): string => (hash === undefined ? nilKey : toHex(hash));

const sameOptional = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean =>
  a === undefined ? b === undefined : b !== undefined && equalBytes(a, b);

/** Whether two signed votes are the same message (every field and the signature's bytes). */
function sameSignedVote(a: SignedVote, b: SignedVote): boolean {
  const x = a.vote;
  const y = b.vote;
  return (
    x.type === y.type &&
    x.chainId === y.chainId &&
    x.height === y.height &&
    x.round === y.round &&
    x.timeMs === y.timeMs &&
    equalBytes(x.validator, y.validator) &&
    sameOptional(x.blockHash, y.blockHash) &&
    equalBytes(a.signature.bytes, b.signature.bytes)
  );
}

/** Creates an empty vote keeper for a validator set. */
export function createVoteKeeper(validators: readonly Validator[]): VoteKeeper {
  const powerOf = new Map<string, number>();
  let totalPower = 0;
  for (const v of validators) {
    powerOf.set(toHex(v.address), v.power);
    totalPower += v.power;
  }
  const rounds = new Map<number, RoundVotes>();
  // +2/3 means strictly more than two thirds; more than 1/3 is the paper's f+1.
  const twoThirds = (power: number): boolean => power * 3 > totalPower * 2;
  const oneThird = (power: number): boolean => power * 3 > totalPower;

  const emptyTally = (): Tally => ({ byValue: new Map(), votes: new Map(), total: 0 });
  const roundVotes = (round: number): RoundVotes => {
    let r = rounds.get(round);
    if (r === undefined) {
      r = {
        prevotes: emptyTally(),
        precommits: emptyTally(),
        speakers: new Map(),
        speakersPower: 0,
      };
      rounds.set(round, r);
    }
    return r;
  };
  const tallyOf = (r: RoundVotes | undefined, type: number): Tally | undefined =>
    type === voteTypes.prevote ? r?.prevotes : r?.precommits;
  const quorum = (tally: Tally | undefined): { value: ValueId | undefined } | undefined => {
    if (tally === undefined) return undefined;
    for (const [value, power] of tally.byValue) {
      if (twoThirds(power)) return { value: value === nilKey ? undefined : value };
    }
    return undefined;
  };
  const votesFor = (tally: Tally | undefined, value: ValueId): SignedVote[] => {
    if (tally === undefined) return [];
    const out: SignedVote[] = [];
    for (const v of validators) {
      const signed = tally.votes.get(toHex(v.address))?.get(value);
      if (signed !== undefined) out.push(signed);
    }
    return out;
  };

  return {
    add(signed, currentRound) {
      const vote = signed.vote;
      const id = toHex(vote.validator);
      const power = powerOf.get(id);
      if (power === undefined) return { status: 'ignored', reason: 'not a validator' };
      if (vote.round > currentRound + voteRoundsAheadMax)
        return { status: 'ignored', reason: 'round too far ahead' };
      const r = roundVotes(vote.round);
      const tally = vote.type === voteTypes.prevote ? r.prevotes : r.precommits;
      const key = keyOf(vote.blockHash);
      const mine = tally.votes.get(id);
      if (mine !== undefined) {
        if (mine.has(key)) return { status: 'duplicate' };
        const existing = mine.values().next().value;
        if (existing === undefined) return { status: 'ignored', reason: 'no first vote' };
        const counted = mine.size < valuesPerVoterMax;
        if (counted) {
          mine.set(key, signed);
          tally.byValue.set(key, (tally.byValue.get(key) ?? 0) + power);
        }
        return { status: 'conflict', existing, counted };
      }
      tally.votes.set(id, new Map([[key, signed]]));
      tally.byValue.set(key, (tally.byValue.get(key) ?? 0) + power);
      tally.total += power;
      if (!r.speakers.has(id)) {
        r.speakers.set(id, power);
        r.speakersPower += power;
      }
      return { status: 'added' };
    },
    polka: (round) => quorum(rounds.get(round)?.prevotes),
    polkaAny: (round) => twoThirds(rounds.get(round)?.prevotes.total ?? 0),
    precommitQuorum: (round) => quorum(rounds.get(round)?.precommits),
    precommitAny: (round) => twoThirds(rounds.get(round)?.precommits.total ?? 0),
    skipRound(round) {
      let best: number | undefined;
      for (const [r, votes] of rounds) {
        if (r > round && oneThird(votes.speakersPower) && (best === undefined || r < best))
          best = r;
      }
      return best;
    },
    precommitsFor: (round, value) => votesFor(rounds.get(round)?.precommits, value),
    prevotesFor: (round, value) => votesFor(rounds.get(round)?.prevotes, value),
    contains(signed) {
      const vote = signed.vote;
      const tally = tallyOf(rounds.get(vote.round), vote.type);
      const known = tally?.votes.get(toHex(vote.validator))?.get(keyOf(vote.blockHash));
      return known !== undefined && sameSignedVote(known, signed);
    },
    rounds: () => [...rounds.keys()].sort((a, b) => a - b),
  };
}

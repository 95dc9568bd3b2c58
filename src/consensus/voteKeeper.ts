// Counts the votes of one height and answers the threshold questions the algorithm asks: is there
// +2/3 of the power prevoting (or precommitting) for one value, for nil, or for anything in a
// round; do more than 1/3 of the validators already speak in a higher round. A validator's second,
// different vote for the same round and type is kept aside as evidence of equivocation.
import { equalBytes, toHex } from '../lib/index.ts';
import type { SignedVote, Validator } from '../types/index.ts';
import { voteTypes } from '../types/index.ts';
import type { ValueId } from './machine.ts';

/** The key of nil in per-value tallies (a block hash in hex is never empty). */
const nilKey = '';

/** Rounds ahead of the current one whose votes are kept; later ones are dropped (a bound). */
export const voteRoundsAheadMax = 64;

interface Tally {
  /** Power per value (nilKey for nil). */
  readonly byValue: Map<string, number>;
  /** Each validator's vote in this round and type. */
  readonly votes: Map<string, SignedVote>;
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
  | { readonly status: 'conflict'; readonly existing: SignedVote };

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
  /** Rounds that have votes. */
  rounds(): readonly number[];
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
  const quorum = (tally: Tally | undefined): { value: ValueId | undefined } | undefined => {
    if (tally === undefined) return undefined;
    for (const [value, power] of tally.byValue) {
      if (twoThirds(power)) return { value: value === nilKey ? undefined : value };
    }
    return undefined;
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
      const existing = tally.votes.get(id);
      if (existing !== undefined) {
        const a = existing.vote.blockHash;
        const b = vote.blockHash;
        const same = a === undefined ? b === undefined : b !== undefined && equalBytes(a, b);
        return same ? { status: 'duplicate' } : { status: 'conflict', existing };
      }
      tally.votes.set(id, signed);
      const key = vote.blockHash === undefined ? nilKey : toHex(vote.blockHash);
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
    precommitsFor(round, value) {
      const tally = rounds.get(round)?.precommits;
      if (tally === undefined) return [];
      const out: SignedVote[] = [];
      for (const v of validators) {
        const signed = tally.votes.get(toHex(v.address));
        const hash = signed?.vote.blockHash;
        if (signed !== undefined && hash !== undefined && toHex(hash) === value) out.push(signed);
      }
      return out;
    },
    rounds: () => [...rounds.keys()].sort((a, b) => a - b),
  };
}

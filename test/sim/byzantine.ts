// Byzantine behaviour as a wrapper around a real driver's outbound network: the node runs the
// honest code, and what it sends is corrupted on the way out. An equivocating proposer signs a
// second, different block (usually valid) for the same round and sends each peer one of the two; a
// double voter signs a conflicting vote for every vote it sends and gives each peer one, the
// other, or both (in either order; a peer that gets both can prove the equivocation). The key is
// used directly, bypassing the double-sign guard, as a malicious operator would.
import type { ConsensusMessage, ConsensusNetwork } from '../../src/consensus/index.ts';
import { addressOf, type Signer } from '../../src/crypto/index.ts';
import { equalBytes, toHex } from '../../src/lib/index.ts';
import {
  blockHash,
  commitHash,
  decodeBlock,
  encodeBlock,
  proposalSignBytes,
  voteSignBytes,
  type Proposal,
  type Vote,
} from '../../src/types/index.ts';
import type { Prng } from './prng.ts';

/** What a Byzantine validator does. */
export interface ByzantineBehaviour {
  /** Signs two different proposals per round it proposes. */
  readonly equivocate: boolean;
  /** Signs two conflicting votes for each vote. */
  readonly doubleVote: boolean;
  /** Probability that a peer gets both conflicting votes. */
  readonly bothP: number;
  /** Probability that the second proposal of a round carries an invalid block. */
  readonly invalidP: number;
  /**
   * Lies about time: every vote it signs carries its clock's time moved by this much (its
   * precommits then pull, in vain, at the next block's time, the commit's weighted median).
   */
  readonly timeLieMs?: number;
}

/** Counters of misbehaviour. */
export interface ByzantineStats {
  equivocations: number;
  doubleVotes: number;
}

/** What the wrapper needs from its node. */
export interface ByzantineContext {
  readonly behaviour: ByzantineBehaviour;
  readonly signer: Signer;
  readonly prng: Prng;
  readonly stats: ByzantineStats;
  peers(): readonly string[];
  send(peer: string, message: ConsensusMessage): void;
}

/** The Byzantine node's side of things: its outbound network and what it learns from inbound. */
export interface ByzantineWrapper {
  readonly network: ConsensusNetwork;
  /** Notes proposals the node receives, so conflicting votes can name real blocks. */
  observe(message: ConsensusMessage): void;
}

type Assignment = 'a' | 'b' | 'ab' | 'ba';

interface Plan {
  readonly a: ConsensusMessage;
  readonly b: ConsensusMessage;
  readonly assignment: Map<string, Assignment>;
}

/** Plans kept per (height, round, kind); older heights are dropped (a bound). */
const plansMax = 256;

/** Wraps a node's outbound consensus traffic with the given misbehaviour. */
export function createByzantineWrapper(ctx: ByzantineContext): ByzantineWrapper {
  const { behaviour, signer, prng, stats } = ctx;
  const self = addressOf(signer.publicKey);
  const plans = new Map<string, Plan>();
  const valuesSeen = new Map<string, Map<string, Uint8Array>>();

  const remember = (key: string, plan: Plan): Plan => {
    if (plans.size >= plansMax) {
      const oldest = plans.keys().next();
      if (oldest.done !== true) plans.delete(oldest.value);
    }
    plans.set(key, plan);
    return plan;
  };
  const noteValue = (height: number, round: number, hash: Uint8Array): void => {
    const key = `${height}/${round}`;
    let seen = valuesSeen.get(key);
    if (seen === undefined) {
      if (valuesSeen.size >= plansMax) {
        const oldest = valuesSeen.keys().next();
        if (oldest.done !== true) valuesSeen.delete(oldest.value);
      }
      seen = new Map();
      valuesSeen.set(key, seen);
    }
    seen.set(toHex(hash), hash);
  };

  const sendPlan = (plan: Plan): void => {
    for (const peer of ctx.peers()) {
      const assignment = plan.assignment.get(peer) ?? 'a';
      for (const which of assignment) ctx.send(peer, which === 'a' ? plan.a : plan.b);
    }
  };

  const assign = (allowBoth: boolean): Map<string, Assignment> => {
    const out = new Map<string, Assignment>();
    for (const peer of ctx.peers()) {
      if (allowBoth && prng.chance(behaviour.bothP)) out.set(peer, prng.chance(0.5) ? 'ab' : 'ba');
      else out.set(peer, prng.chance(0.5) ? 'a' : 'b');
    }
    return out;
  };

  const proposalPlan = (message: Extract<ConsensusMessage, { kind: 'proposal' }>): Plan => {
    const p = message.signed.proposal;
    const key = `p/${p.height}/${p.round}/${toHex(p.blockHash)}`;
    const known = plans.get(key);
    if (known !== undefined) return known;
    // Usually the same block with its last commit's signatures in another order (valid, another
    // hash); sometimes one with a wrong state root, which every honest validator must find
    // invalid; and where the last commit has a single signature (or none), one whose time is a
    // little later than its last commit's median — a lie about time, just as invalid.
    const block = decodeBlock(message.block);
    const invalid = prng.chance(behaviour.invalidP);
    const lc = block.lastCommit;
    const reordered =
      !invalid && lc !== undefined && lc.signatures.length >= 2
        ? { ...lc, signatures: [...lc.signatures].reverse() }
        : undefined;
    const header = {
      ...block.header,
      ...(reordered !== undefined
        ? { lastCommitHash: commitHash(reordered) }
        : invalid
          ? { stateRoot: new Uint8Array(32).fill(0xee) }
          : { timeMs: block.header.timeMs + 1 + prng.int(20) }),
    };
    const altHash = blockHash(header);
    const proposal: Proposal = { ...p, blockHash: altHash };
    const b: ConsensusMessage = {
      kind: 'proposal',
      signed: { proposal, signature: signer.sign(proposalSignBytes(proposal)) },
      block: encodeBlock({ ...block, header, lastCommit: reordered ?? lc }),
    };
    noteValue(p.height, p.round, altHash);
    stats.equivocations++;
    return remember(key, { a: message, b, assignment: assign(false) });
  };

  const votePlan = (message: Extract<ConsensusMessage, { kind: 'vote' }>): Plan => {
    const v = message.signed.vote;
    const own = v.blockHash === undefined ? undefined : toHex(v.blockHash);
    const key = `v/${v.height}/${v.round}/${v.type}/${own ?? 'nil'}`;
    const known = plans.get(key);
    if (known !== undefined) return known;
    const others = [...(valuesSeen.get(`${v.height}/${v.round}`) ?? new Map<string, Uint8Array>())]
      .filter(([hex]) => hex !== own)
      .map(([, hash]) => hash);
    let other: Uint8Array | undefined;
    if (others.length > 0 && (own === undefined || prng.chance(0.5))) other = prng.pick(others);
    else if (own === undefined) other = Uint8Array.from({ length: 32 }, () => prng.int(256));
    const vote: Vote = { ...v, blockHash: other };
    const b: ConsensusMessage = {
      kind: 'vote',
      signed: { vote, signature: signer.sign(voteSignBytes(vote)) },
    };
    stats.doubleVotes++;
    return remember(key, { a: message, b, assignment: assign(true) });
  };

  // A liar's votes carry its clock's time moved by `timeLieMs`, signed again with its key.
  const lie = (message: ConsensusMessage): ConsensusMessage => {
    if (message.kind !== 'vote' || behaviour.timeLieMs === undefined) return message;
    const v = message.signed.vote;
    if (!equalBytes(v.validator, self)) return message; // a relayed vote is not its to sign
    const vote: Vote = { ...v, timeMs: Math.max(0, v.timeMs + behaviour.timeLieMs) };
    return { kind: 'vote', signed: { vote, signature: signer.sign(voteSignBytes(vote)) } };
  };

  const broadcast = (honest: ConsensusMessage): void => {
    const message = lie(honest);
    if (message.kind === 'proposal' && behaviour.equivocate) {
      sendPlan(proposalPlan(message));
      return;
    }
    if (message.kind === 'vote' && behaviour.doubleVote) {
      sendPlan(votePlan(message));
      return;
    }
    for (const peer of ctx.peers()) ctx.send(peer, message);
  };

  return {
    network: {
      broadcast,
      sendTo: (peer, message) => {
        ctx.send(peer, lie(message));
      },
    },
    observe(message) {
      if (message.kind !== 'proposal') return;
      const p = message.signed.proposal;
      noteValue(p.height, p.round, p.blockHash);
    },
  };
}

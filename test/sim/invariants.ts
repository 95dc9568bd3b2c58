// The invariants of a run, checked after every simulated event. Most are recorded as things
// happen (a commit, a message sent) and judged at once; `afterEvent` then replays newly finalised
// blocks on an independent reference application (validity) and throws the first violation.
//
// - agreement: no two different blocks committed at one height, by any node (Byzantine included);
// - validity: every committed block validates on the reference application, its commit verifies,
//   and its header's state root is the committing node's state root after the commit;
// - identical state: nodes at equal heights have equal state roots (at each commit, and for every
//   running node after every event: building or checking a block must not touch committed state);
// - no honest double-sign: an honest validator never sends two different signed votes for one
//   (height, round, type), nor two different proposals for one (height, round). Only what a node
//   signed with its own key counts: honest nodes relay others' votes (a re-proposal's proof of
//   lock carries a round's prevotes, twins' conflicting ones included), and a relayed message
//   must only verify under its signer's key (relay);
// - block time: block H's time lies within what the right clocks (honest keys whose clocks are not
//   wrong) read between H - 2's and H's finalisation, whatever the wrong clocks and liars said.
import type { ChainApp, CommittedBlock } from '../../src/chain/index.ts';
import { evidenceHash } from '../../src/chain/index.ts';
import { encodeConsensusMessage, type ConsensusMessage } from '../../src/consensus/index.ts';
import { equalBytes, toHex } from '../../src/lib/index.ts';
import {
  addressOf,
  verifySignature,
  type PublicKey,
  type Signature,
} from '../../src/crypto/index.ts';
import {
  encodeBlock,
  encodeEvidence,
  proposalSignBytes,
  voteSignBytes,
  type Evidence,
} from '../../src/types/index.ts';

/** An invariant that failed. */
export interface Violation {
  readonly invariant:
    | 'agreement'
    | 'validity'
    | 'state'
    | 'double-sign'
    | 'relay'
    | 'liveness'
    | 'evidence'
    | 'crash'
    | 'time';
  readonly detail: string;
}

interface Finalised {
  readonly height: number;
  readonly hashHex: string;
  readonly node: string;
  readonly committed: CommittedBlock;
  readonly stateRoot: Uint8Array;
}

/** The checker of one run. */
export interface Checker {
  /** A node committed a block; `stateRoot` is its state root right after. */
  committed(node: string, committed: CommittedBlock, stateRoot: Uint8Array): void;
  /**
   * A node sent a consensus message. `self` is the node's own key (`address`) and whether that
   * key is an honest validator's: only messages it signed itself count towards double-signing.
   */
  sent(node: string, self: Sender, message: ConsensusMessage): void;
  /** The running nodes' current tips and state roots: equal heights must have equal roots. */
  tips(
    nodes: readonly { readonly node: string; readonly height: number; readonly root: Uint8Array }[],
  ): void;
  /** Records a violation found elsewhere (liveness, a crash of the code under test). */
  fail(violation: Violation): void;
  /** Judges what happened since the last call; throws the first violation. */
  afterEvent(): Promise<void>;
  /** The first violation, if any. */
  violation(): Violation | undefined;
  /** Height of the longest finalised chain seen. */
  finalisedHeight(): number;
  /** Whether evidence with this hash (hex) is in a finalised block. */
  evidenceCommitted(hashHex: string): boolean;
  /** Evidence items in finalised blocks. */
  evidenceCount(): number;
}

/** Who sent a message: the address of the node's own key, and whether that key is honest. */
export interface Sender {
  readonly honest: boolean;
  readonly address: Uint8Array;
}

/** The hash (hex) under which evidence is indexed. */
export function evidenceId(evidence: Evidence): string {
  return toHex(evidenceHash(encodeEvidence(evidence)));
}

/**
 * What the block-time invariant needs: the simulated time, when the run started, and the range of
 * the right clocks' offsets (honest keys whose clocks are not wrong).
 */
export interface TimeBounds {
  readonly nowMs: () => number;
  readonly startMs: number;
  readonly genesisTimeMs: number;
  readonly minSkewMs: number;
  readonly maxSkewMs: number;
}

/**
 * Creates a checker; `reference` is a fresh chain application that follows the finalised chain,
 * `keys` the public keys of every validator key of the run (relayed messages are checked
 * against them), `time` what block times are checked against (unchecked without it).
 */
export function createChecker(
  reference: ChainApp,
  keys: readonly PublicKey[],
  time?: TimeBounds,
): Checker {
  const keyOf = new Map(keys.map((k) => [toHex(addressOf(k)), k]));
  const relayChecked = new Set<string>();
  // When each height was first finalised (simulated time).
  const finalisedAtMs = new Map<number, number>();

  // BFT time (docs/spec/consensus.md, "Block time"): block H's time is the weighted median of the
  // precommits of H - 1, which the faulty third cannot move outside the right clocks' readings.
  // Those precommits were signed after H - 2 was first finalised and before H is, so the time
  // lies between the right clocks' readings then — plus 1 ms per height for the rule that a vote
  // follows the block it decides.
  const checkTime = (node: string, c: CommittedBlock): void => {
    if (time === undefined) return;
    const now = time.nowMs();
    finalisedAtMs.set(c.height, now);
    const t = c.block.header.timeMs;
    const say = (detail: string): void => {
      fail({
        invariant: 'time',
        detail: `block ${c.height} (by ${node}) has time ${t}: ${detail}`,
      });
    };
    if (c.height === 1) {
      if (t !== time.genesisTimeMs) say(`not the genesis time ${time.genesisTimeMs}`);
      return;
    }
    const earliest = (finalisedAtMs.get(c.height - 2) ?? time.startMs) + time.minSkewMs;
    const latest = now + time.maxSkewMs + c.height;
    if (t < earliest) say(`${earliest - t}ms before the earliest right clock could read then`);
    if (t > latest) say(`${t - latest}ms after the latest right clock could read`);
  };
  const finalised = new Map<number, Finalised>();
  const honestSigned = new Map<string, { readonly bytes: string; readonly node: string }>();
  const committedEvidence = new Set<string>();
  let first: Violation | undefined;
  let verifiedHeight = 0;

  const fail = (violation: Violation): void => {
    first ??= violation;
  };

  const committed = (node: string, c: CommittedBlock, stateRoot: Uint8Array): void => {
    const hashHex = toHex(c.hash);
    if (!equalBytes(c.block.header.stateRoot, stateRoot)) {
      fail({
        invariant: 'validity',
        detail: `${node} committed block ${c.height} (${hashHex.slice(0, 12)}) whose header stateRoot ${toHex(c.block.header.stateRoot).slice(0, 12)} is not its state root after the commit, ${toHex(stateRoot).slice(0, 12)}`,
      });
    }
    const known = finalised.get(c.height);
    if (known === undefined) {
      finalised.set(c.height, { height: c.height, hashHex, node, committed: c, stateRoot });
      checkTime(node, c);
      for (const raw of c.block.evidence) committedEvidence.add(toHex(evidenceHash(raw)));
      return;
    }
    if (known.hashHex !== hashHex) {
      fail({
        invariant: 'agreement',
        detail: `two blocks finalised at height ${c.height}: ${known.hashHex.slice(0, 12)} by ${known.node} and ${hashHex.slice(0, 12)} by ${node}`,
      });
      return;
    }
    if (!equalBytes(known.stateRoot, stateRoot)) {
      fail({
        invariant: 'state',
        detail: `state roots differ at height ${c.height}: ${known.node} has ${toHex(known.stateRoot).slice(0, 12)}, ${node} has ${toHex(stateRoot).slice(0, 12)}`,
      });
    }
  };

  // A message an honest node relays must verify under its signer's key (once per message).
  const checkRelayed = (
    node: string,
    bytes: string,
    signer: Uint8Array,
    signBytes: Uint8Array,
    signature: Signature,
    what: string,
  ): void => {
    if (relayChecked.has(bytes)) return;
    const publicKey = keyOf.get(toHex(signer));
    if (publicKey !== undefined && verifySignature(publicKey, signBytes, signature)) {
      relayChecked.add(bytes);
      return;
    }
    fail({
      invariant: 'relay',
      detail: `${node} relayed a ${what} signed by ${toHex(signer).slice(0, 12)} whose signature does not verify`,
    });
  };

  const sent = (node: string, self: Sender, message: ConsensusMessage): void => {
    if (!self.honest) return;
    let key: string;
    let what: string;
    let signer: Uint8Array;
    let signBytes: () => Uint8Array;
    let signature: Signature;
    if (message.kind === 'vote') {
      const v = message.signed.vote;
      key = `v/${toHex(v.validator)}/${v.height}/${v.round}/${v.type}`;
      what = `${v.type === 1 ? 'prevote' : 'precommit'} at height ${v.height} round ${v.round}`;
      signer = v.validator;
      signBytes = () => voteSignBytes(v);
      signature = message.signed.signature;
    } else if (message.kind === 'proposal') {
      const p = message.signed.proposal;
      key = `p/${toHex(p.proposer)}/${p.height}/${p.round}`;
      what = `proposal at height ${p.height} round ${p.round}`;
      signer = p.proposer;
      signBytes = () => proposalSignBytes(p);
      signature = message.signed.signature;
    } else return;
    const bytes = toHex(encodeConsensusMessage(message));
    if (!equalBytes(signer, self.address)) {
      checkRelayed(node, bytes, signer, signBytes(), signature, what);
      return;
    }
    const known = honestSigned.get(key);
    if (known === undefined) {
      honestSigned.set(key, { bytes, node });
      return;
    }
    if (known.bytes !== bytes) {
      fail({
        invariant: 'double-sign',
        detail: `honest validator sent two different signed messages for one ${what} (from ${known.node} and ${node})`,
      });
    }
  };

  // Replays finalised blocks, in order, on the reference application.
  const verify = async (): Promise<void> => {
    for (;;) {
      const next = finalised.get(verifiedHeight + 1);
      if (next === undefined || first !== undefined) return;
      const { committed: c } = next;
      const bytes = encodeBlock(c.block);
      const verdict = await reference.validateBlock(bytes);
      if (!verdict.ok) {
        fail({
          invariant: 'validity',
          detail: `block ${c.height} finalised by ${next.node} does not validate: ${verdict.reason}`,
        });
        return;
      }
      try {
        await reference.commitBlock(verdict.candidate, c.commit);
      } catch (error) {
        fail({
          invariant: 'validity',
          detail: `block ${c.height} finalised by ${next.node} cannot be committed with its commit: ${String(error)}`,
        });
        return;
      }
      if (!equalBytes(reference.state.root, c.block.header.stateRoot)) {
        fail({
          invariant: 'state',
          detail: `replaying block ${c.height} gives state root ${toHex(reference.state.root).slice(0, 12)}, its header says ${toHex(c.block.header.stateRoot).slice(0, 12)}`,
        });
        return;
      }
      const broken = reference.modules.brokenInvariants(reference.state);
      if (broken.length > 0) {
        fail({ invariant: 'state', detail: `after block ${c.height}: ${broken.join('; ')}` });
        return;
      }
      verifiedHeight = c.height;
    }
  };

  const tips: Checker['tips'] = (nodes) => {
    for (const { node, height, root } of nodes) {
      const known = finalised.get(height);
      if (known === undefined || equalBytes(known.stateRoot, root)) continue;
      fail({
        invariant: 'state',
        detail: `${node} at height ${height} has state root ${toHex(root).slice(0, 12)}, ${known.node} had ${toHex(known.stateRoot).slice(0, 12)} there`,
      });
    }
  };

  return {
    committed,
    sent,
    tips,
    fail,
    async afterEvent() {
      await verify();
      if (first !== undefined) throw new ViolationError(first);
    },
    violation: () => first,
    finalisedHeight: () => finalised.size,
    evidenceCommitted: (hashHex) => committedEvidence.has(hashHex),
    evidenceCount: () => committedEvidence.size,
  };
}

/** The error thrown by `afterEvent`; the simulation wraps it with the seed and scenario. */
export class ViolationError extends Error {
  readonly violation: Violation;
  constructor(violation: Violation) {
    super(`${violation.invariant}: ${violation.detail}`);
    this.violation = violation;
  }
}

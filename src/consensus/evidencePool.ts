// Evidence of equivocation waiting to be included in a block: found by this node's vote keeper or
// received from peers (checked first), kept (bounded) until a committed block carries it, and
// announced again on every rebroadcast, because one announcement can be lost and only a proposer
// that holds an item can include it.
import { equalBytes, toHex } from '../lib/index.ts';
import type { Logger } from '../ports/index.ts';
import { checkDuplicateVote, encodeEvidence, type Evidence } from '../types/index.ts';
import { sha256 } from '../crypto/index.ts';
import type { Application } from './application.ts';
import type { DriverEvent } from './driverTypes.ts';
import type { ConsensusNetwork } from './ports.ts';

/** Evidence items waiting to be included (a bound). */
export const pendingEvidenceMax = 100;
/** Oldest evidence accepted, in heights behind the current one. */
export const evidenceAgeMax = 100_000;

/** The evidence a node holds until it is committed. */
export interface EvidencePool {
  /** Adds evidence found here (already proven by two verified votes) and announces it. */
  found(item: Evidence): void;
  /** Adds evidence received from a peer at `height` after checking it. */
  received(item: Evidence, height: number): void;
  /** Items not yet committed, oldest first. */
  pending(): readonly Evidence[];
  /** Drops items a committed block carries. */
  prune(): void;
  /** Announces every pending item again. */
  announce(): void;
}

/** Creates an empty pool. */
export function createEvidencePool(ports: {
  readonly app: Application;
  readonly network: ConsensusNetwork;
  readonly logger: Logger;
  readonly emit: (event: DriverEvent) => void;
}): EvidencePool {
  const { app, network, logger, emit } = ports;
  const items = new Map<string, Evidence>();
  const idOf = (item: Evidence): string => toHex(sha256(encodeEvidence(item)));

  const add = (id: string, item: Evidence, announce: boolean): void => {
    if (items.has(id) || items.size >= pendingEvidenceMax || app.isEvidenceCommitted(item)) return;
    items.set(id, item);
    emit({ type: 'evidence', evidence: item });
    logger.warn({ height: item.voteA.vote.height }, 'equivocation evidence found');
    if (announce) network.broadcast({ kind: 'evidence', evidence: item });
  };

  return {
    found: (item) => {
      add(idOf(item), item, true);
    },
    received(item, height) {
      const id = idOf(item);
      if (items.has(id)) return; // known: no need to check the signatures again
      const at = item.voteA.vote.height;
      if (at > height || at + evidenceAgeMax < height) return;
      const validator = app
        .validatorsAt(at)
        ?.find((v) => equalBytes(v.address, item.voteA.vote.validator));
      if (validator === undefined || checkDuplicateVote(item, validator) !== undefined) return;
      add(id, item, false);
    },
    pending: () => [...items.values()].filter((e) => !app.isEvidenceCommitted(e)),
    prune() {
      for (const [id, item] of [...items]) if (app.isEvidenceCommitted(item)) items.delete(id);
    },
    announce() {
      for (const item of items.values()) network.broadcast({ kind: 'evidence', evidence: item });
    },
  };
}

// Block sync: how a node that was down, or is new, catches up with its peers before it joins
// consensus. It asks peers for their height, then fetches committed blocks with their commits in
// batches (the next batch is requested while the current one is being committed), verifies each
// commit against the validator set of its height (+2/3 of the power, every signature), checks the
// block completely through the application, and commits it. A peer that serves a block that does
// not verify is penalised and another peer is tried. Consensus commits through the same
// application meanwhile, so each batch remembers the heights it asked for: blocks the local node
// committed while the batch travelled are stale, dropped without blaming the peer that served them.
import { bytes, decode, encode, struct, u16, uint, vec } from '../codec/index.ts';
import { equalBytes } from '../lib/index.ts';
import type { Logger } from '../ports/index.ts';
import {
  blockBytesMax,
  blockHash,
  commitCodec,
  decodeBlock,
  verifyCommit,
  type Commit,
  type Validator,
} from '../types/index.ts';
import type { P2pNode } from '../p2p/index.ts';

/** The request-response protocols of block sync. */
export const syncProtocols = { status: '/polity/sync/status/1', blocks: '/polity/sync/blocks/1' };
/** Most blocks in one response. */
export const syncBatchMax = 64;
/** Largest response in bytes. */
export const syncResponseBytesMax = 64 * 1024 * 1024;
const requestTimeoutMs = 10_000;

const statusCodec = struct({ height: uint });
const requestCodec = struct({ from: uint, count: u16 });
const responseCodec = vec(
  struct({ block: bytes(blockBytesMax), commit: commitCodec }),
  syncBatchMax,
);

/** What block sync needs from the application (a subset of the consensus Application). */
export interface SyncApplication<C extends { readonly hash: Uint8Array }> {
  readonly chainId: string;
  tip(): { readonly height: number };
  validatorsAt(height: number): readonly Validator[] | undefined;
  blockBytesAt(height: number): Uint8Array | undefined;
  commitAt(height: number): Commit | undefined;
  validateBlock(
    bytes: Uint8Array,
  ): Promise<
    { readonly ok: true; readonly candidate: C } | { readonly ok: false; readonly reason: string }
  >;
  commitBlock(candidate: C, commit: Commit): Promise<void>;
}

/** Progress of a sync run. */
export interface SyncProgress {
  readonly height: number;
  readonly target: number;
  readonly startHeight: number;
}

/** How a catch-up ended. */
export interface SyncResult {
  /** The local tip when it ended. */
  readonly height: number;
  /** The peer synced from last; undefined when no peer answered (nothing to catch up from). */
  readonly peer: string | undefined;
  /** The highest height a peer reported (0 when none answered). */
  readonly target: number;
}

/** Block sync over a p2p node. */
export interface BlockSync {
  /** Catches up with the highest peer; resolves with where it ended. */
  catchUp(onProgress?: (progress: SyncProgress) => void): Promise<SyncResult>;
  /** The highest height peers report (0 when none answer). */
  peersHeight(): Promise<{ readonly height: number; readonly peer: string | undefined }>;
  /** Stops a catch-up in progress after the block being committed; resolves when it has. */
  stop(): Promise<void>;
}

/** Serves sync requests from peers and returns the catch-up client. */
export function createBlockSync<C extends { readonly hash: Uint8Array }>(options: {
  readonly p2p: Pick<P2pNode, 'request' | 'handleRequest' | 'peers' | 'penalize'>;
  readonly app: SyncApplication<C>;
  readonly logger: Logger;
}): BlockSync {
  const { p2p, app, logger } = options;

  p2p.handleRequest(
    syncProtocols.status,
    () => Promise.resolve(encode(statusCodec, { height: app.tip().height })),
    64,
  );
  p2p.handleRequest(
    syncProtocols.blocks,
    (_peer, data) => {
      const request = decode(requestCodec, data);
      const blocks: { block: Uint8Array; commit: Commit }[] = [];
      let size = 0;
      const last = Math.min(
        app.tip().height,
        request.from + Math.min(request.count, syncBatchMax) - 1,
      );
      for (let h = request.from; h <= last; h++) {
        const block = app.blockBytesAt(h);
        const commit = app.commitAt(h);
        if (block === undefined || commit === undefined) break;
        size += block.length + 256 * commit.signatures.length;
        if (blocks.length > 0 && size > syncResponseBytesMax / 2) break;
        blocks.push({ block, commit });
      }
      return Promise.resolve(encode(responseCodec, blocks));
    },
    syncResponseBytesMax,
  );

  const peersHeight = async (): Promise<{ height: number; peer: string | undefined }> => {
    let best: { height: number; peer: string | undefined } = { height: 0, peer: undefined };
    await Promise.all(
      p2p.peers().map(async ({ peerId }) => {
        try {
          const reply = await p2p.request(
            peerId,
            syncProtocols.status,
            new Uint8Array(),
            requestTimeoutMs,
          );
          const { height } = decode(statusCodec, reply);
          if (height > best.height) best = { height, peer: peerId };
        } catch (error) {
          logger.debug({ peer: peerId, error: String(error) }, 'peer did not report its height');
        }
      }),
    );
    return best;
  };

  /** A batch with the height it was asked from: its items are heights from, from + 1, … */
  interface Batch {
    readonly from: number;
    readonly items: readonly { block: Uint8Array; commit: Commit }[];
  }

  const fetchBatch = async (peer: string, from: number): Promise<Batch> => {
    const reply = await p2p.request(
      peer,
      syncProtocols.blocks,
      encode(requestCodec, { from, count: syncBatchMax }),
      requestTimeoutMs,
    );
    return { from, items: decode(responseCodec, reply) };
  };

  /** Verifies and commits one block; the reason when it does not verify. */
  const apply = async (
    height: number,
    item: { block: Uint8Array; commit: Commit },
  ): Promise<string | undefined> => {
    let hash: Uint8Array;
    try {
      const header = decodeBlock(item.block).header;
      if (header.height !== height) return `block at ${height} claims height ${header.height}`;
      hash = blockHash(header);
    } catch (error) {
      return `undecodable block: ${String(error)}`;
    }
    if (item.commit.height !== height || !equalBytes(item.commit.blockHash, hash))
      return 'the commit is not for this block';
    const validators = app.validatorsAt(height);
    if (validators === undefined) return `no validator set known for height ${height}`;
    const verified = verifyCommit(app.chainId, item.commit, validators);
    if (!verified.ok) return verified.reason;
    const verdict = await app.validateBlock(item.block);
    if (!verdict.ok) return verdict.reason;
    await app.commitBlock(verdict.candidate, item.commit);
    return undefined;
  };

  // A node shutting down closes its storage: no block may be applied after `stop`.
  let stopped = false;
  // Read through a call: `stopped` changes while catch-up awaits, which narrowing cannot see.
  const isStopped = (): boolean => stopped;
  let running: Promise<unknown> = Promise.resolve();

  const catchUp = async (onProgress?: (progress: SyncProgress) => void): Promise<SyncResult> => {
    const startHeight = app.tip().height;
    let last: { peer: string | undefined; target: number } = { peer: undefined, target: 0 };
    const result = (): SyncResult => ({ height: app.tip().height, ...last });
    for (let attempts = 0; attempts < 8 && !isStopped();) {
      const { height: target, peer } = await peersHeight();
      if (peer === undefined) return result();
      last = { peer, target };
      if (target <= app.tip().height) return result();
      let next = fetchBatch(peer, app.tip().height + 1);
      for (;;) {
        let batch: Batch;
        try {
          batch = await next;
        } catch (error) {
          logger.warn({ peer, error: String(error) }, 'block sync request failed');
          attempts++;
          break;
        }
        if (batch.items.length === 0) break;
        // Ask for the next batch while this one is verified and committed.
        const ahead = batch.from + batch.items.length;
        next =
          ahead <= target ? fetchBatch(peer, ahead) : Promise.resolve({ from: ahead, items: [] });
        next.catch(() => undefined);
        const failed = await applyBatch(peer, batch);
        onProgress?.({ height: app.tip().height, target, startHeight });
        if (failed) {
          attempts++;
          break;
        }
        if (isStopped() || app.tip().height >= target) break;
      }
    }
    return result();
  };

  /**
   * Applies a batch's blocks above the local tip, in order; true when the peer served one that
   * does not verify. A block at a height the local node committed meanwhile (consensus raced
   * this batch) is stale, not wrong: it is skipped, and a failure at such a height is nobody's.
   */
  const applyBatch = async (peer: string, batch: Batch): Promise<boolean> => {
    let stale = 0;
    for (let i = 0; i < batch.items.length && !isStopped(); i++) {
      const item = batch.items[i];
      const height = batch.from + i;
      if (item === undefined) break;
      if (height <= app.tip().height) {
        stale++;
        continue;
      }
      let reason: string | undefined;
      try {
        reason = await apply(height, item);
      } catch (error) {
        if (height > app.tip().height) throw error;
        reason = String(error); // committed by consensus between validation and commit
      }
      if (reason === undefined) continue;
      if (height <= app.tip().height) {
        stale++;
        continue;
      }
      logger.warn({ peer, height, reason }, 'peer served a block that does not verify');
      p2p.penalize(peer, `bad block: ${reason}`, 50);
      return true;
    }
    if (stale > 0)
      logger.debug(
        { peer, from: batch.from, stale },
        'dropped blocks the local node committed while they travelled',
      );
    return false;
  };

  return {
    peersHeight,
    catchUp(onProgress) {
      const run = catchUp(onProgress);
      running = run.catch(() => undefined);
      return run;
    },
    async stop() {
      stopped = true;
      await running;
    },
  };
}

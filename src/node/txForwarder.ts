// Forwarding of transactions received from peers. A node sends what a client submitted to it to
// every peer at once (one hop). Validators keep a full mesh through persistent peers, so that
// hop usually reaches everyone; flooding every batch onward as well would make each node receive
// each transaction once per peer, and on a small machine that redundant traffic (decryption,
// decoding) costs as much as verifying the signatures. So a transaction received from a peer is
// forwarded only after `delayMs`, and only if it is still waiting in the pool: in a full mesh it
// has usually been committed by then, while in a sparser network it still travels, one hop per
// delay. It never goes back to a peer it came from. Forwarding is best effort and bounded.
import type { P2pNode } from '../p2p/index.ts';

/** Options of the forwarder. */
export interface TxForwarderOptions {
  readonly p2p: Pick<P2pNode, 'peers' | 'sendTo'>;
  /** The channel transaction batches travel on. */
  readonly channel: string;
  /** Encodes a batch of at most `batchMax` transactions. */
  readonly encodeBatch: (raws: readonly Uint8Array[]) => Uint8Array;
  readonly batchMax: number;
  /** True while the transaction still waits in this node's pool (not committed, not evicted). */
  readonly isPending: (hashHex: string) => boolean;
  /** How long a received transaction waits before it is forwarded. */
  readonly delayMs: number;
  /** Most transactions waiting to be forwarded; beyond it the newest are not forwarded. */
  readonly entriesMax: number;
}

/** The forwarder of one node. */
export interface TxForwarder {
  /** A peer sent `raw` (admitted here or already known): remember it, and who has it. */
  received(peer: string, raw: Uint8Array, hashHex: string, admitted: boolean): void;
  /** Forwards what is due now (called by a timer; exposed for tests). */
  flush(nowMs: number): void;
  /** Transactions waiting. */
  size(): number;
  stop(): void;
}

interface Entry {
  readonly raw: Uint8Array;
  readonly hashHex: string;
  readonly dueMs: number;
  /** Peers known to hold it: it came from them. */
  readonly holders: Set<string>;
}

/** Creates a forwarder; with `tickMs` it flushes on its own timer (stopped by `stop`). */
export function createTxForwarder(options: TxForwarderOptions, tickMs?: number): TxForwarder {
  // Insertion order is due order: every entry waits the same delay.
  const entries = new Map<string, Entry>();

  const flush = (nowMs: number): void => {
    const due: Entry[] = [];
    for (const entry of entries.values()) {
      if (entry.dueMs > nowMs) break;
      entries.delete(entry.hashHex);
      if (options.isPending(entry.hashHex)) due.push(entry);
    }
    if (due.length === 0) return;
    for (const peer of options.p2p.peers()) {
      const raws = due.filter((e) => !e.holders.has(peer.peerId)).map((e) => e.raw);
      for (let i = 0; i < raws.length; i += options.batchMax) {
        options.p2p.sendTo(
          peer.peerId,
          options.channel,
          options.encodeBatch(raws.slice(i, i + options.batchMax)),
        );
      }
    }
  };

  const timer =
    tickMs === undefined
      ? undefined
      : setInterval(() => {
          flush(performance.now());
        }, tickMs);
  timer?.unref();

  return {
    received(peer, raw, hashHex, admitted) {
      const known = entries.get(hashHex);
      if (known !== undefined) {
        known.holders.add(peer);
        return;
      }
      // Only what this node admitted from that peer is forwarded: a transaction it already had
      // came from a client or another peer and was sent on from there.
      if (!admitted || entries.size >= options.entriesMax) return;
      entries.set(hashHex, {
        raw,
        hashHex,
        dueMs: performance.now() + options.delayMs,
        holders: new Set([peer]),
      });
    },
    flush,
    size: () => entries.size,
    stop() {
      if (timer !== undefined) clearInterval(timer);
      entries.clear();
    },
  };
}

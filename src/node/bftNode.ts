// Runs a node in `bft` mode: the p2p network, block sync, transaction gossip and the consensus
// driver around the ledger's chain application, all with real adapters (files, timers, TCP).
// On start the node first catches up with its peers (block sync), then joins consensus; whenever
// consensus notices it fell far behind, it syncs again and resumes.
import {
  createDriver,
  decodeConsensusMessage,
  defaultConsensusConfig,
  encodeConsensusMessage,
  consensusMessageBytesMax,
  type ConsensusConfig,
  type Driver,
  type DriverEvent,
} from '../consensus/index.ts';
import type { ChainApp } from '../chain/index.ts';
import { bytes, decode, encode, vec } from '../codec/index.ts';
import { equalBytes, toHex } from '../lib/index.ts';
import { createP2pNode, type ChannelSpec, type P2pNode } from '../p2p/index.ts';
import type { Logger } from '../ports/index.ts';
import { createBlockSync, type BlockSync, type SyncProgress } from '../sync/index.ts';
import { txBytesMax, type Validator } from '../types/index.ts';
import type { Signer } from '../crypto/index.ts';
import { createSystemTimers, fileLastSignedStore, openFileWal } from './adapters/index.ts';
import type { NodeConfig } from './home.ts';
import { createTxForwarder } from './txForwarder.ts';

/** Most transactions gossiped in one message. */
export const txGossipBatchMax = 1000;
const txBatchCodec = vec(bytes(txBytesMax), txGossipBatchMax);
/** How long a transaction from a peer waits before it is forwarded to the others. */
export const txForwardDelayMs = 1000;
/** Most transactions waiting to be forwarded. */
export const txForwardEntriesMax = 100_000;
/** Blocks behind a peer beyond which consensus hands over to block sync. */
export const syncGapMin = 8;

/** The p2p channels of a node: consensus messages and transaction batches, both flooded. */
export const nodeChannels: readonly ChannelSpec[] = [
  {
    id: 'consensus',
    messageBytesMax: consensusMessageBytesMax,
    queueMessagesMax: 10_000,
    queueBytesMax: 256 * 1024 * 1024,
    relay: true,
    ratePerSecondMax: 2_000,
  },
  {
    id: 'txs',
    messageBytesMax: txGossipBatchMax * (txBytesMax + 8),
    queueMessagesMax: 1_000,
    queueBytesMax: 128 * 1024 * 1024,
    // Not flooded: one hop, then forwarded after a delay if still pending (txForwarder.ts).
    relay: false,
    ratePerSecondMax: 500,
  },
];

/** What the BFT part of a node needs from the rest of it. */
export interface BftNodeOptions {
  /** Shared by consensus and block sync: it runs their block operations one at a time. */
  readonly app: ChainApp;
  readonly config: NodeConfig;
  readonly paths: { readonly wal: string; readonly lastSigned: string };
  readonly nodeKey: Uint8Array;
  readonly validatorSigner: Signer;
  readonly logger: Logger;
  /** Admits transactions gossiped by peers (the ledger's admission): one result per input. */
  readonly admit: (
    raws: readonly Uint8Array[],
  ) => Promise<readonly { readonly hash: Uint8Array | undefined; readonly accepted: boolean }[]>;
  /** True while a transaction waits in this node's pool. */
  readonly isPending: (hashHex: string) => boolean;
  readonly onSyncProgress?: (progress: SyncProgress) => void;
  readonly onEvent?: (event: DriverEvent) => void;
}

/** The running BFT part of a node. */
export interface BftNode {
  readonly p2p: P2pNode;
  readonly driver: Driver;
  readonly sync: BlockSync;
  /** Sends newly admitted transactions to peers. */
  gossipTxs(raws: readonly Uint8Array[]): void;
  stop(): Promise<void>;
}

function isValidator(validators: readonly Validator[] | undefined, signer: Signer): boolean {
  return (validators ?? []).some((v) => equalBytes(v.publicKey.bytes, signer.publicKey.bytes));
}

/** Starts networking, catches up, then runs consensus. */
export async function startBftNode(options: BftNodeOptions): Promise<BftNode> {
  const { config, logger } = options;
  const { app } = options;
  const p2p = await createP2pNode({
    nodeKey: options.nodeKey,
    listenHost: config.p2p.host,
    listenPort: config.p2p.port,
    persistentPeers: config.p2p.persistentPeers,
    peersMax: config.p2p.peersMax,
    logger: logger.child({ module: 'p2p' }),
    channels: nodeChannels,
  });
  const sync = createBlockSync({ p2p, app, logger: logger.child({ module: 'sync' }) });
  const wal = await openFileWal(options.paths.wal, logger);
  const consensusConfig: ConsensusConfig = {
    ...defaultConsensusConfig,
    ...config.consensus.timeouts,
  };
  const signer = isValidator(app.validatorsAt(app.tip().height + 1), options.validatorSigner)
    ? options.validatorSigner
    : undefined;

  let catchingUp: Promise<void> | undefined;
  let stopped = false;
  const driver: Driver = createDriver({
    app,
    signer,
    // The node's clock, wrong when `faults.clockOffsetMs` injects it.
    timers: createSystemTimers(config.faults.clockOffsetMs),
    network: {
      broadcast: (message) => {
        p2p.broadcast('consensus', encodeConsensusMessage(message));
      },
      sendTo: (peer, message) => {
        p2p.sendTo(peer, 'consensus', encodeConsensusMessage(message));
      },
    },
    wal,
    lastSigned: fileLastSignedStore(options.paths.lastSigned),
    config: consensusConfig,
    logger: logger.child({ module: 'consensus' }),
    onEvent: (event) => {
      if (event.type === 'behind' && event.peerHeight > app.tip().height + syncGapMin) {
        void catchUp();
      }
      options.onEvent?.(event);
    },
  });

  const catchUp = (): Promise<void> => {
    catchingUp ??= sync
      .catchUp(options.onSyncProgress)
      .then(async ({ height, peer, target }) => {
        // Only a peer's answer tells whether this node is behind: before any peer answers (the
        // network is starting), it joins consensus, which catches up as peers connect.
        if (peer === undefined)
          logger.info({ height }, 'no peer answered yet; consensus catches up as peers connect');
        else if (height >= target) logger.info({ height, peer }, 'caught up with peers');
        else logger.info({ height, target, peer }, 'block sync stopped before the peers height');
        if (!stopped) await driver.resync();
      })
      .catch((error: unknown) => {
        logger.warn({ error: String(error) }, 'block sync failed; consensus will retry');
      })
      .finally(() => {
        catchingUp = undefined;
      });
    return catchingUp;
  };

  p2p.onMessage('consensus', (peer, data) => {
    let message;
    try {
      message = decodeConsensusMessage(data);
    } catch {
      p2p.penalize(peer, 'undecodable consensus message', 20);
      return;
    }
    driver.receive(peer, message);
  });
  const forwarder = createTxForwarder(
    {
      p2p,
      channel: 'txs',
      encodeBatch: (raws) => encode(txBatchCodec, raws),
      batchMax: txGossipBatchMax,
      isPending: options.isPending,
      delayMs: txForwardDelayMs,
      entriesMax: txForwardEntriesMax,
    },
    txForwardDelayMs / 4,
  );
  p2p.onMessage('txs', (peer, data) => {
    let raws: readonly Uint8Array[];
    try {
      raws = decode(txBatchCodec, data);
    } catch {
      p2p.penalize(peer, 'undecodable transaction batch', 20);
      return;
    }
    options.admit(raws).then(
      (results) => {
        results.forEach((r, i) => {
          const raw = raws[i];
          if (r.hash !== undefined && raw !== undefined)
            forwarder.received(peer, raw, toHex(r.hash), r.accepted);
        });
      },
      (error: unknown) => {
        logger.debug({ error: String(error) }, 'gossiped transactions not admitted');
      },
    );
  });

  // Join consensus only after catching up with whoever is reachable now (peers may still be
  // starting: consensus' own catch-up covers small gaps later).
  await catchUp();
  await driver.start();
  logger.info(
    { peerId: p2p.peerId, validator: signer !== undefined, height: app.tip().height },
    'consensus started',
  );

  return {
    p2p,
    driver,
    sync,
    gossipTxs(raws) {
      for (let i = 0; i < raws.length; i += txGossipBatchMax) {
        p2p.broadcast('txs', encode(txBatchCodec, raws.slice(i, i + txGossipBatchMax)));
      }
    },
    async stop() {
      stopped = true;
      forwarder.stop();
      // No block is applied once this resolves (storage closes next); stopping p2p first ends
      // any sync request in flight.
      const syncStopped = sync.stop();
      await driver.stop();
      await p2p.stop();
      await syncStopped;
      await wal.close();
    },
  };
}

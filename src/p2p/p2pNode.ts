// The peer-to-peer node: libp2p for transport (TCP), encryption with peers authenticated by their
// node keys (Noise) and multiplexing (Yamux); on top, our own channels. Each channel is one
// long-lived stream per peer and direction carrying length-prefixed frames, with a bound on frame
// size, a bounded outgoing queue per peer that drops rather than blocks (peerOutbound.ts), a
// per-peer rate limit, and optional flooding (a message first seen from one peer is forwarded to
// all the others once; seenCache.ts). Peers that send oversize frames, flood, or are penalised by
// consumers lose score and are disconnected and banned. Request-response protocols serve block
// sync (requestResponse.ts); persistent peers are redialled (persistentPeers.ts).
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { identify } from '@libp2p/identify';
import type { Libp2p, PeerId } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import { tcp } from '@libp2p/tcp';
import { createLibp2p } from 'libp2p';
import { p2pErrors } from './errors.ts';
import { createFrameReader, encodeFrame, frameHeaderBytes } from './frames.ts';
import { nodePrivateKey } from './nodeKey.ts';
import type { ChannelSpec, P2pNode, P2pOptions } from './p2pTypes.ts';
import { createPeerOutbound, type PeerOutbound } from './peerOutbound.ts';
import { createPeerScores, createRateLimiter, type RateLimiter } from './peerScore.ts';
import { keepPeersConnected } from './persistentPeers.ts';
import { createRequestResponse } from './requestResponse.ts';
import { createSeenCache } from './seenCache.ts';
import { channelProtocol, chunkBytes } from './streams.ts';

export { requestBytesMax } from './requestResponse.ts';

/** Messages remembered to stop flooding loops. */
export const seenMessagesMax = 100_000;
const oversizePenalty = 100;
const floodPenalty = 5;

interface PeerState {
  readonly id: PeerId;
  readonly outbound: PeerOutbound;
  readonly limits: Map<string, RateLimiter>;
}

/** Starts a p2p node listening on `listenHost:listenPort`. */
export async function createP2pNode(options: P2pOptions): Promise<P2pNode> {
  const { logger } = options;
  const scores = createPeerScores();
  const now = (): number => Date.now();
  const libp2p: Libp2p = await createLibp2p({
    privateKey: await nodePrivateKey(options.nodeKey),
    addresses: { listen: [`/ip4/${options.listenHost ?? '127.0.0.1'}/tcp/${options.listenPort}`] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify() },
    connectionManager: { maxConnections: options.peersMax },
    connectionGater: {
      // Private and loopback addresses are where validators of a consortium or a testnet live.
      denyDialMultiaddr: () => false,
      denyDialPeer: (peer) => scores.isBanned(peer.toString(), now()),
      denyInboundEncryptedConnection: (peer) => scores.isBanned(peer.toString(), now()),
    },
  });
  const channels = new Map(options.channels.map((c) => [c.id, c]));
  const handlers = new Map<string, ((peerId: string, data: Uint8Array) => void)[]>();
  const peerHandlers: ((event: { type: 'connected' | 'disconnected'; peerId: string }) => void)[] =
    [];
  const peers = new Map<string, PeerState>();
  const seen = createSeenCache(seenMessagesMax);
  let stopped = false;
  const running = (): boolean => !stopped;

  const penalize = (peer: string, reason: string, points: number): void => {
    logger.debug({ peer, reason, points }, 'peer penalised');
    if (scores.penalize(peer, points, now())) {
      logger.warn({ peer, reason }, 'peer banned');
      const state = peers.get(peer);
      if (state !== undefined) void libp2p.hangUp(state.id).catch(() => undefined);
    }
  };

  // ---- sending ----------------------------------------------------------------------------------

  const spec = (channel: string): ChannelSpec => {
    const found = channels.get(channel);
    if (found === undefined) throw p2pErrors.p2p_unknown_channel({ channel });
    return found;
  };

  const sendAll = (
    channelSpec: ChannelSpec,
    data: Uint8Array,
    except: string | undefined,
  ): void => {
    const frame = encodeFrame(data);
    for (const [id, state] of peers) if (id !== except) state.outbound.send(channelSpec, frame);
  };

  // ---- receiving --------------------------------------------------------------------------------

  const deliver = (channelSpec: ChannelSpec, peer: string, data: Uint8Array): void => {
    if (channelSpec.relay) {
      if (!seen.mark(data)) return;
      sendAll(channelSpec, data, peer);
    }
    for (const handler of handlers.get(channelSpec.id) ?? []) {
      try {
        handler(peer, data);
      } catch (error) {
        logger.warn({ channel: channelSpec.id, error: String(error) }, 'message handler failed');
      }
    }
  };

  for (const channelSpec of options.channels) {
    await libp2p.handle(
      channelProtocol(channelSpec.id),
      (stream, connection) => {
        const peer = connection.remotePeer.toString();
        const reader = createFrameReader(channelSpec.messageBytesMax);
        stream.maxReadBufferLength = channelSpec.messageBytesMax + frameHeaderBytes;
        stream.addEventListener('message', (event) => {
          for (const item of reader.push(chunkBytes(event.data))) {
            if (item.type === 'oversize') {
              penalize(peer, `frame of ${item.length} bytes on ${channelSpec.id}`, oversizePenalty);
              stream.abort(new Error('oversize frame'));
              return;
            }
            const state = peers.get(peer);
            let limit = state?.limits.get(channelSpec.id);
            if (state !== undefined && limit === undefined) {
              limit = createRateLimiter(channelSpec.ratePerSecondMax);
              state.limits.set(channelSpec.id, limit);
            }
            if (limit !== undefined && !limit.take(now())) {
              penalize(peer, `flooding ${channelSpec.id}`, floodPenalty);
              continue;
            }
            deliver(channelSpec, peer, item.message);
          }
        });
      },
      { maxInboundStreams: 4, runOnLimitedConnection: false },
    );
  }

  // ---- peers ------------------------------------------------------------------------------------

  libp2p.addEventListener('peer:connect', (event) => {
    const id = event.detail;
    const peerId = id.toString();
    if (scores.isBanned(peerId, now())) {
      void libp2p.hangUp(id).catch(() => undefined);
      return;
    }
    if (!peers.has(peerId))
      peers.set(peerId, {
        id,
        outbound: createPeerOutbound(id, { libp2p, logger, running }),
        limits: new Map(),
      });
    logger.info({ peer: peerId }, 'peer connected');
    for (const handler of peerHandlers) handler({ type: 'connected', peerId });
  });
  libp2p.addEventListener('peer:disconnect', (event) => {
    const peerId = event.detail.toString();
    peers.delete(peerId);
    logger.info({ peer: peerId }, 'peer disconnected');
    for (const handler of peerHandlers) handler({ type: 'disconnected', peerId });
  });

  const persistent = keepPeersConnected(options.persistentPeers, {
    libp2p,
    logger,
    running,
    isConnected: (peerId) => peers.has(peerId),
  });
  const requests = createRequestResponse({
    libp2p,
    logger,
    connected: (peerId) => peers.get(peerId)?.id,
  });

  return {
    peerId: libp2p.peerId.toString(),
    listenAddrs: () => libp2p.getMultiaddrs().map((a) => a.toString()),
    broadcast(channel, data) {
      const channelSpec = spec(channel);
      if (channelSpec.relay) seen.mark(data);
      sendAll(channelSpec, data, undefined);
    },
    sendTo(peerId, channel, data) {
      const state = peers.get(peerId);
      return state === undefined ? false : state.outbound.send(spec(channel), encodeFrame(data));
    },
    onMessage(channel, handler) {
      spec(channel);
      handlers.set(channel, [...(handlers.get(channel) ?? []), handler]);
    },
    handleRequest(protocol, handler, responseBytesMax) {
      requests.handleRequest(protocol, handler, responseBytesMax);
    },
    request: (peerId, protocol, data, timeoutMs) =>
      requests.request(peerId, protocol, data, timeoutMs),
    peers: () =>
      [...peers.entries()].map(([peerId, state]) => ({
        peerId,
        address: libp2p.getConnections(state.id)[0]?.remoteAddr.toString(),
        score: scores.score(peerId, now()),
        dropped: state.outbound.dropped(),
      })),
    onPeer(handler) {
      peerHandlers.push(handler);
    },
    penalize,
    async stop() {
      stopped = true;
      persistent.stop();
      await libp2p.stop();
    },
  };
}

/** Parses a peer id, with a typed error for bad input. */
export function parsePeerId(text: string): PeerId {
  try {
    return peerIdFromString(text);
  } catch {
    throw p2pErrors.invalid_peer_id({ text });
  }
}

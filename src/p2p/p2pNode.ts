// The peer-to-peer node: libp2p for transport (TCP), encryption with peers authenticated by their
// node keys (Noise) and multiplexing (Yamux); on top, our own channels. Each channel is one
// long-lived stream per peer and direction carrying length-prefixed frames, with a bound on frame
// size, a bounded outgoing queue per peer that drops rather than blocks, a per-peer rate limit,
// and optional flooding (a message first seen from one peer is forwarded to all the others once).
// Peers that send oversize frames, flood, or are penalised by consumers lose score and are
// disconnected and banned. Request-response protocols serve block sync.
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { identify } from '@libp2p/identify';
import type { Libp2p, PeerId, Stream } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import { tcp } from '@libp2p/tcp';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2p } from 'libp2p';
import { sha256 } from '../crypto/index.ts';
import { toHex } from '../lib/index.ts';
import type { Logger } from '../ports/index.ts';
import { p2pErrors } from './errors.ts';
import { createFrameReader, encodeFrame, frameHeaderBytes } from './frames.ts';
import { nodePrivateKey } from './nodeKey.ts';
import { createPeerScores, createRateLimiter, type RateLimiter } from './peerScore.ts';

/** One gossip channel. */
export interface ChannelSpec {
  readonly id: string;
  readonly messageBytesMax: number;
  readonly queueMessagesMax: number;
  readonly queueBytesMax: number;
  /** Flood: forward a message first seen from one peer to every other peer, once. */
  readonly relay: boolean;
  readonly ratePerSecondMax: number;
}

/** How a p2p node is built. */
export interface P2pOptions {
  /** The node key: a 32-byte ed25519 seed. */
  readonly nodeKey: Uint8Array;
  readonly listenHost?: string;
  readonly listenPort: number;
  /** `/ip4/HOST/tcp/PORT/p2p/PEER_ID` addresses kept connected (redialled with backoff). */
  readonly persistentPeers: readonly string[];
  readonly peersMax: number;
  readonly channels: readonly ChannelSpec[];
  readonly logger: Logger;
}

/** A connected peer. */
export interface PeerInfo {
  readonly peerId: string;
  readonly address: string | undefined;
  readonly score: number;
  /** Messages to this peer dropped because its queue was full. */
  readonly dropped: number;
}

/** A running p2p node. */
export interface P2pNode {
  readonly peerId: string;
  listenAddrs(): string[];
  broadcast(channel: string, data: Uint8Array): void;
  /** False when the peer is not connected or its queue is full. */
  sendTo(peerId: string, channel: string, data: Uint8Array): boolean;
  onMessage(channel: string, handler: (peerId: string, data: Uint8Array) => void): void;
  handleRequest(
    protocol: string,
    handler: (peerId: string, data: Uint8Array) => Promise<Uint8Array>,
    responseBytesMax: number,
  ): void;
  request(
    peerId: string,
    protocol: string,
    data: Uint8Array,
    timeoutMs: number,
  ): Promise<Uint8Array>;
  peers(): readonly PeerInfo[];
  onPeer(handler: (event: { type: 'connected' | 'disconnected'; peerId: string }) => void): void;
  penalize(peerId: string, reason: string, points: number): void;
  stop(): Promise<void>;
}

/** Messages remembered to stop flooding loops. */
export const seenMessagesMax = 100_000;
/** Largest request accepted by a request-response protocol. */
export const requestBytesMax = 64 * 1024;
const redialMsMin = 500;
const redialMsMax = 30_000;
const oversizePenalty = 100;
const floodPenalty = 5;

interface Outbound {
  stream: Stream | undefined;
  opening: boolean;
  queue: Uint8Array[];
  queueBytes: number;
}

interface PeerState {
  readonly id: PeerId;
  readonly outbound: Map<string, Outbound>;
  readonly limits: Map<string, RateLimiter>;
  dropped: number;
}

const channelProtocol = (id: string): string => `/polity/1/${id}`;

const chunkBytes = (data: Uint8Array | { subarray(): Uint8Array }): Uint8Array =>
  data instanceof Uint8Array ? data : data.subarray();

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
  const seen = new Map<string, true>();
  let stopped = false;

  const markSeen = (data: Uint8Array): boolean => {
    const id = toHex(sha256(data));
    if (seen.has(id)) return false;
    seen.set(id, true);
    if (seen.size > seenMessagesMax) {
      const oldest = seen.keys().next().value;
      if (oldest !== undefined) seen.delete(oldest);
    }
    return true;
  };

  const penalize = (peer: string, reason: string, points: number): void => {
    logger.debug({ peer, reason, points }, 'peer penalised');
    if (scores.penalize(peer, points, now())) {
      logger.warn({ peer, reason }, 'peer banned');
      const state = peers.get(peer);
      if (state !== undefined) void libp2p.hangUp(state.id).catch(() => undefined);
    }
  };

  // ---- sending ----------------------------------------------------------------------------------

  const flush = (out: Outbound): void => {
    const stream = out.stream;
    if (stream === undefined) return;
    while (out.queue.length > 0 && !stream.writableNeedsDrain) {
      const frame = out.queue.shift();
      if (frame === undefined) break;
      out.queueBytes -= frame.length;
      try {
        stream.send(frame);
      } catch {
        out.stream = undefined;
        return;
      }
    }
  };

  const openOutbound = (state: PeerState, spec: ChannelSpec, out: Outbound): void => {
    if (out.opening || stopped) return;
    out.opening = true;
    libp2p
      .dialProtocol(state.id, channelProtocol(spec.id))
      .then((stream) => {
        out.stream = stream;
        stream.addEventListener('drain', () => {
          flush(out);
        });
        stream.addEventListener('close', () => {
          if (out.stream === stream) out.stream = undefined;
        });
        flush(out);
      })
      .catch((error: unknown) => {
        logger.debug(
          { peer: state.id.toString(), channel: spec.id, error: String(error) },
          'could not open channel',
        );
      })
      .finally(() => {
        out.opening = false;
      });
  };

  const enqueue = (state: PeerState, spec: ChannelSpec, frame: Uint8Array): boolean => {
    let out = state.outbound.get(spec.id);
    if (out === undefined) {
      out = { stream: undefined, opening: false, queue: [], queueBytes: 0 };
      state.outbound.set(spec.id, out);
    }
    if (out.stream === undefined) openOutbound(state, spec, out);
    if (out.stream !== undefined && out.queue.length === 0 && !out.stream.writableNeedsDrain) {
      try {
        out.stream.send(frame);
        return true;
      } catch {
        out.stream = undefined;
      }
    }
    if (
      out.queue.length >= spec.queueMessagesMax ||
      out.queueBytes + frame.length > spec.queueBytesMax
    ) {
      state.dropped++;
      return false;
    }
    out.queue.push(frame);
    out.queueBytes += frame.length;
    return true;
  };

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
    for (const [id, state] of peers) if (id !== except) enqueue(state, channelSpec, frame);
  };

  // ---- receiving --------------------------------------------------------------------------------

  const deliver = (channelSpec: ChannelSpec, peer: string, data: Uint8Array): void => {
    if (channelSpec.relay) {
      if (!markSeen(data)) return;
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
      peers.set(peerId, { id, outbound: new Map(), limits: new Map(), dropped: 0 });
    logger.info({ peer: peerId }, 'peer connected');
    for (const handler of peerHandlers) handler({ type: 'connected', peerId });
  });
  libp2p.addEventListener('peer:disconnect', (event) => {
    const peerId = event.detail.toString();
    peers.delete(peerId);
    logger.info({ peer: peerId }, 'peer disconnected');
    for (const handler of peerHandlers) handler({ type: 'disconnected', peerId });
  });

  // Persistent peers: dial, and redial with capped exponential backoff whenever not connected.
  const keepers = options.persistentPeers.map((address) => {
    const target = multiaddr(address);
    const peerText = target.getComponents().find((c) => c.name === 'p2p')?.value;
    let delayMs = redialMsMin;
    let timer: NodeJS.Timeout | undefined;
    const attempt = (): void => {
      if (stopped) return;
      if (peerText !== undefined && peers.has(peerText)) {
        delayMs = redialMsMin;
        timer = setTimeout(attempt, 1000);
        return;
      }
      libp2p
        .dial(target)
        .then(() => {
          delayMs = redialMsMin;
        })
        .catch((error: unknown) => {
          logger.debug({ address, error: String(error) }, 'dial failed');
          delayMs = Math.min(redialMsMax, delayMs * 2);
        })
        .finally(() => {
          if (!stopped) timer = setTimeout(attempt, delayMs);
        });
    };
    attempt();
    return {
      stop: () => {
        clearTimeout(timer);
      },
    };
  });

  // ---- request-response -------------------------------------------------------------------------

  const readOneFrame = (stream: Stream, bytesMax: number, timeoutMs: number): Promise<Uint8Array> =>
    new Promise((resolve, reject) => {
      const reader = createFrameReader(bytesMax);
      const timer = setTimeout(() => {
        reject(p2pErrors.p2p_request_timeout({ timeoutMs }));
        stream.abort(new Error('timeout'));
      }, timeoutMs);
      stream.addEventListener('message', (event) => {
        for (const item of reader.push(chunkBytes(event.data))) {
          clearTimeout(timer);
          if (item.type === 'oversize') {
            stream.abort(new Error('oversize'));
            reject(p2pErrors.p2p_response_too_large({ lengthBytes: item.length, bytesMax }));
          } else resolve(item.message);
          return;
        }
      });
      stream.addEventListener('close', () => {
        clearTimeout(timer);
        reject(p2pErrors.p2p_stream_closed());
      });
    });

  return {
    peerId: libp2p.peerId.toString(),
    listenAddrs: () => libp2p.getMultiaddrs().map((a) => a.toString()),
    broadcast(channel, data) {
      const channelSpec = spec(channel);
      if (channelSpec.relay) markSeen(data);
      sendAll(channelSpec, data, undefined);
    },
    sendTo(peerId, channel, data) {
      const state = peers.get(peerId);
      return state === undefined ? false : enqueue(state, spec(channel), encodeFrame(data));
    },
    onMessage(channel, handler) {
      spec(channel);
      handlers.set(channel, [...(handlers.get(channel) ?? []), handler]);
    },
    handleRequest(protocol, handler, responseBytesMax) {
      void libp2p.handle(
        protocol,
        (stream, connection) => {
          const peer = connection.remotePeer.toString();
          readOneFrame(stream, requestBytesMax, 10_000)
            .then((request) => handler(peer, request))
            .then(async (response) => {
              if (response.length > responseBytesMax) throw new Error('response too large');
              stream.send(encodeFrame(response));
              await stream.close();
            })
            .catch((error: unknown) => {
              logger.debug({ peer, protocol, error: String(error) }, 'request failed');
              stream.abort(new Error('request failed'));
            });
        },
        { maxInboundStreams: 8, runOnLimitedConnection: false },
      );
    },
    async request(peerId, protocol, data, timeoutMs) {
      const state = peers.get(peerId);
      if (state === undefined) throw p2pErrors.p2p_peer_unknown({ peerId });
      const stream = await libp2p.dialProtocol(state.id, protocol, {
        signal: AbortSignal.timeout(timeoutMs),
      });
      const answer = readOneFrame(stream, Number.MAX_SAFE_INTEGER, timeoutMs);
      stream.send(encodeFrame(data));
      try {
        return await answer;
      } finally {
        await stream.close().catch(() => undefined);
      }
    },
    peers: () =>
      [...peers.entries()].map(([peerId, state]) => ({
        peerId,
        address: libp2p.getConnections(state.id)[0]?.remoteAddr.toString(),
        score: scores.score(peerId, now()),
        dropped: state.dropped,
      })),
    onPeer(handler) {
      peerHandlers.push(handler);
    },
    penalize,
    async stop() {
      stopped = true;
      for (const k of keepers) k.stop();
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

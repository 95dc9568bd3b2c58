// The p2p node's public shape: the channels it is built with, the peers it reports, and what
// the rest of the node does with it (gossip on channels, request/response, peer penalties).
import type { Logger } from '../ports/index.ts';

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

// A peer's outgoing side of our channels: per channel, one long-lived stream opened on first use,
// and in front of it a queue bounded in messages and bytes. A frame is written at once when the
// stream is open, idle and not asking to drain; otherwise it waits in the queue, which is flushed
// when the stream drains. A full queue drops the frame (and counts it) rather than blocking: a
// slow peer loses messages but never holds up the sender or the other peers.
import type { Libp2p, PeerId, Stream } from '@libp2p/interface';
import type { Logger } from '../ports/index.ts';
import type { ChannelSpec } from './p2pTypes.ts';
import { channelProtocol } from './streams.ts';

/** What a peer's outbound queues need from the node. */
export interface PeerOutboundPorts {
  readonly libp2p: Pick<Libp2p, 'dialProtocol'>;
  readonly logger: Logger;
  /** False once the node stopped: no stream is opened any more. */
  running(): boolean;
}

/** One peer's outbound channels. */
export interface PeerOutbound {
  /** Sends or queues a frame on a channel; false when it was dropped (the queue is full). */
  send(spec: ChannelSpec, frame: Uint8Array): boolean;
  /** Frames dropped because a queue was full. */
  dropped(): number;
}

interface ChannelOutbound {
  stream: Stream | undefined;
  opening: boolean;
  queue: Uint8Array[];
  queueBytes: number;
}

/** Creates the (empty) outbound channels of peer `peer`. */
export function createPeerOutbound(peer: PeerId, ports: PeerOutboundPorts): PeerOutbound {
  const { libp2p, logger } = ports;
  const channels = new Map<string, ChannelOutbound>();
  let dropped = 0;

  const flush = (out: ChannelOutbound): void => {
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

  const open = (spec: ChannelSpec, out: ChannelOutbound): void => {
    if (out.opening || !ports.running()) return;
    out.opening = true;
    libp2p
      .dialProtocol(peer, channelProtocol(spec.id))
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
          { peer: peer.toString(), channel: spec.id, error: String(error) },
          'could not open channel',
        );
      })
      .finally(() => {
        out.opening = false;
      });
  };

  return {
    send(spec, frame) {
      let out = channels.get(spec.id);
      if (out === undefined) {
        out = { stream: undefined, opening: false, queue: [], queueBytes: 0 };
        channels.set(spec.id, out);
      }
      if (out.stream === undefined) open(spec, out);
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
        dropped++;
        return false;
      }
      out.queue.push(frame);
      out.queueBytes += frame.length;
      return true;
    },
    dropped: () => dropped,
  };
}

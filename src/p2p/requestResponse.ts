// Request-response protocols (block sync uses them): a stream per request carrying one frame each
// way. A served request must arrive within a bound and is bounded in size; the handler's answer is
// bounded by the protocol's limit. A request made waits for one answer frame until its timeout.
import type { Libp2p, PeerId, Stream } from '@libp2p/interface';
import type { Logger } from '../ports/index.ts';
import { p2pErrors } from './errors.ts';
import { createFrameReader, encodeFrame } from './frames.ts';
import type { P2pNode } from './p2pTypes.ts';
import { chunkBytes } from './streams.ts';

/** Largest request accepted by a request-response protocol. */
export const requestBytesMax = 64 * 1024;
/** How long a peer has to send its request once it opened the stream. */
const requestReadMs = 10_000;

/** What request-response needs from the node. */
export interface RequestResponsePorts {
  readonly libp2p: Pick<Libp2p, 'handle' | 'dialProtocol'>;
  readonly logger: Logger;
  /** The libp2p id of a connected peer. */
  connected(peerId: string): PeerId | undefined;
}

/** Serving and making requests. */
export type RequestResponse = Pick<P2pNode, 'handleRequest' | 'request'>;

/** Reads one frame (at most `bytesMax` long) from `stream`, failing after `timeoutMs`. */
function readOneFrame(stream: Stream, bytesMax: number, timeoutMs: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
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
}

/** Creates the request-response side of a node. */
export function createRequestResponse(ports: RequestResponsePorts): RequestResponse {
  const { libp2p, logger } = ports;
  return {
    handleRequest(protocol, handler, responseBytesMax) {
      void libp2p.handle(
        protocol,
        (stream, connection) => {
          const peer = connection.remotePeer.toString();
          readOneFrame(stream, requestBytesMax, requestReadMs)
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
      const id = ports.connected(peerId);
      if (id === undefined) throw p2pErrors.p2p_peer_unknown({ peerId });
      const stream = await libp2p.dialProtocol(id, protocol, {
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
  };
}

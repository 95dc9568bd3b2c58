// The p2p layer's errors: unknown channels and peers, requests that time out or are cut short,
// answers over their bound, and node keys or peer ids that are not what they claim.
import { defineErrors } from '../lib/index.ts';

/** The p2p layer's declared codes (docs/spec/errors.md). */
export const p2pErrors = defineErrors('p2p', {
  p2p_unknown_channel: { kind: 'invalid', message: 'No p2p channel "{channel}".' },
  p2p_peer_unknown: { kind: 'not_found', message: 'Peer {peerId} is not connected.' },
  p2p_request_timeout: { kind: 'unavailable', message: 'No answer within {timeoutMs} ms.' },
  p2p_stream_closed: {
    kind: 'unavailable',
    message: 'The peer closed the stream before answering.',
  },
  p2p_response_too_large: {
    kind: 'too_large',
    message: 'A {lengthBytes}-byte answer exceeds {bytesMax} bytes.',
  },
  invalid_peer_id: { kind: 'invalid', message: '"{text}" is not a libp2p peer id.' },
  // `problem` says where the key came from, so a node reading its key file can name the file.
  invalid_node_key: {
    kind: 'invalid',
    message: 'A node key is a 32-byte ed25519 seed; {problem}.',
  },
});

// A node's p2p identity: an ed25519 seed (separate from any validator key) from which libp2p
// derives the node's key pair and peer id. Peers are authenticated by it in the Noise handshake.
import { randomBytes } from 'node:crypto';
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys';
import type { PrivateKey } from '@libp2p/interface';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { p2pErrors } from './errors.ts';

/** A fresh 32-byte node key seed. */
export function generateNodeKey(): Uint8Array {
  return new Uint8Array(randomBytes(32));
}

/** The libp2p private key of a node key seed. */
export async function nodePrivateKey(seed: Uint8Array): Promise<PrivateKey> {
  if (seed.length !== 32) {
    throw p2pErrors.invalid_node_key({ problem: `this one has ${seed.length} bytes` });
  }
  return generateKeyPairFromSeed('Ed25519', seed);
}

/** The peer id (as text) of a node key seed. */
export async function nodeKeyToPeerId(seed: Uint8Array): Promise<string> {
  return peerIdFromPrivateKey(await nodePrivateKey(seed)).toString();
}

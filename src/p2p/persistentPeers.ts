// Persistent peers stay connected: each is dialled at start and, whenever it is not connected,
// redialled with capped exponential backoff; while it is connected, that is checked every second.
import type { Libp2p } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';
import type { Logger } from '../ports/index.ts';

const redialMsMin = 500;
const redialMsMax = 30_000;
/** How often a connected persistent peer is checked for a lost connection. */
const connectedCheckMs = 1000;

/** What keeping peers connected needs from the node. */
export interface PersistentPeersPorts {
  readonly libp2p: Pick<Libp2p, 'dial'>;
  readonly logger: Logger;
  /** False once the node stopped: nothing is dialled any more. */
  running(): boolean;
  isConnected(peerId: string): boolean;
}

/** The redial loops of a node's persistent peers. */
export interface PersistentPeers {
  stop(): void;
}

/** Starts dialling `addresses` (`/ip4/HOST/tcp/PORT/p2p/PEER_ID`) and keeps them connected. */
export function keepPeersConnected(
  addresses: readonly string[],
  ports: PersistentPeersPorts,
): PersistentPeers {
  const keepers = addresses.map((address) => keepConnected(address, ports));
  return {
    stop() {
      for (const k of keepers) k.stop();
    },
  };
}

/** Dials one address, and again whenever it is not connected, until stopped. */
function keepConnected(address: string, ports: PersistentPeersPorts): PersistentPeers {
  const { libp2p, logger } = ports;
  const target = multiaddr(address);
  const peerText = target.getComponents().find((c) => c.name === 'p2p')?.value;
  let delayMs = redialMsMin;
  let timer: NodeJS.Timeout | undefined;
  const attempt = (): void => {
    if (!ports.running()) return;
    if (peerText !== undefined && ports.isConnected(peerText)) {
      delayMs = redialMsMin;
      timer = setTimeout(attempt, connectedCheckMs);
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
        if (ports.running()) timer = setTimeout(attempt, delayMs);
      });
  };
  attempt();
  return {
    stop: () => {
      clearTimeout(timer);
    },
  };
}

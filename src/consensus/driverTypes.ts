// The consensus driver's public shape: how a node or the simulator runs one validator (or a
// non-voting full node) of the Tendermint algorithm over its ports.
import type { Signer } from '../crypto/index.ts';
import type { Logger, Timers } from '../ports/index.ts';
import type { Commit, Evidence } from '../types/index.ts';
import type { Application, BlockCandidate } from './application.ts';
import type { ConsensusConfig } from './config.ts';
import type { ConsensusMessage } from './messages.ts';
import type { ConsensusNetwork, ConsensusWal, LastSignedStore } from './ports.ts';

/** How a driver is built. */
export interface DriverOptions {
  readonly app: Application;
  /** The validator's consensus key; undefined for a node that follows without voting. */
  readonly signer: Signer | undefined;
  readonly timers: Timers;
  readonly network: ConsensusNetwork;
  readonly wal: ConsensusWal;
  readonly lastSigned: LastSignedStore;
  readonly config: ConsensusConfig;
  readonly logger: Logger;
  /** Observes what happens (tests, metrics, the API's events). */
  readonly onEvent?: (event: DriverEvent) => void;
}

/** Something the driver did or saw. */
export type DriverEvent =
  | {
      readonly type: 'committed';
      readonly height: number;
      readonly round: number;
      readonly candidate: BlockCandidate;
      readonly commit: Commit;
    }
  | { readonly type: 'round'; readonly height: number; readonly round: number }
  | { readonly type: 'evidence'; readonly evidence: Evidence }
  | { readonly type: 'behind'; readonly peer: string; readonly peerHeight: number };

/** Where the driver is. */
export interface DriverStatus {
  readonly height: number;
  readonly round: number;
  readonly step: string;
  readonly lockedRound: number;
  readonly validRound: number;
}

/** A running consensus driver. */
export interface Driver {
  /** Replays the write-ahead log of the current height, then runs. */
  start(): Promise<void>;
  /** Hands over a message from a peer (already decoded; the driver checks signatures). */
  receive(peer: string, message: ConsensusMessage): void;
  /** Called after block sync committed blocks behind the driver's back: restart at the new tip. */
  resync(): Promise<void>;
  status(): DriverStatus;
  /** Evidence found by this node, not yet committed. */
  pendingEvidence(): readonly Evidence[];
  /** Stops timers; pending work is abandoned (the WAL makes that safe). */
  stop(): Promise<void>;
}

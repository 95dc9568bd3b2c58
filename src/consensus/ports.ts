// The driver's own ports: what only consensus needs from the outside — the network its messages
// travel on, the write-ahead log of the current height and the durable last-signed record of the
// double-sign guard. Time is not among them: the driver takes the program-wide `Timers` port
// (src/ports), like every other user of time. The node provides real adapters
// (src/node/adapters/consensusFiles.ts, p2p); the simulator simulated ones over its seeded clock,
// network and disks.
import type { ConsensusMessage } from './messages.ts';

/** Sends consensus messages to peers (delivery is best effort; consensus tolerates loss). */
export interface ConsensusNetwork {
  broadcast(message: ConsensusMessage): void;
  /** Sends to one peer, named as the driver received it. */
  sendTo(peer: string, message: ConsensusMessage): void;
}

/**
 * The write-ahead log of one validator: what it received and signed at its current height.
 * Operations take effect in the order they are called.
 */
export interface ConsensusWal {
  /**
   * Appends an entry. `sync` entries (own signed messages) resolve only once durable, together
   * with every entry appended before them.
   */
  append(entry: Uint8Array, sync: boolean): Promise<void>;
  /** Every entry written since the last `reset`, in order. */
  read(): Promise<readonly Uint8Array[]>;
  /** Drops all entries (called when a new height starts, after the block is committed). */
  reset(height: number): Promise<void>;
}

/** What a validator last signed, kept durably so it never signs a conflicting message. */
export interface LastSigned {
  readonly height: number;
  readonly round: number;
  /** 1 proposal, 2 prevote, 3 precommit. */
  readonly step: number;
  /** The value signed (block hash), or undefined for nil: a re-sign for the same value is allowed. */
  readonly value: Uint8Array | undefined;
  /** The signed message as first sent, returned again for an identical request (WAL replay). */
  readonly message: Uint8Array;
}

/** Durable storage for `LastSigned`. `save` resolves only once the record is durable. */
export interface LastSignedStore {
  load(): LastSigned | undefined;
  save(record: LastSigned): Promise<void>;
}

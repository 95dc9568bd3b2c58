// One simulated node: the real chain application (`createChainApp`) and the real consensus driver
// (`createDriver`) over simulated ports. A crash kills the running incarnation at once (its ports
// go inert and its pending promises never settle); a restart builds a new application and driver
// from the node's durable stores, exactly as a process restarted after kill -9 would.
import {
  createChainApp,
  inlineVerifier,
  type ChainApp,
  type CommittedBlock,
  type Genesis,
  type Verifier,
} from '../../src/chain/index.ts';
import {
  createDriver,
  decodeConsensusMessage,
  encodeConsensusMessage,
  type ConsensusConfig,
  type ConsensusMessage,
  type ConsensusNetwork,
  type Driver,
  type DriverEvent,
} from '../../src/consensus/index.ts';
import { addressOf, type Signer } from '../../src/crypto/index.ts';
import type { Logger, Timers } from '../../src/ports/index.ts';
import { silentLogger } from '../support/silentLogger.ts';
import {
  createByzantineWrapper,
  type ByzantineBehaviour,
  type ByzantineStats,
} from './byzantine.ts';
import { createNodeDisk, type DiskTiming, type Life, type NodeDisk } from './disk.ts';
import type { SimNetwork } from './network.ts';
import type { Prng } from './prng.ts';
import type { Scheduler } from './scheduler.ts';

/** The consensus channel and the transaction-gossip channel of the simulated network. */
export const consensusChannel = 'consensus';
export const txChannel = 'txs';

/** How a node behaves. */
export type NodeRole =
  | { readonly kind: 'honest' }
  /** One of two honest drivers sharing a key, each with its own last-signed store. */
  | { readonly kind: 'twin' }
  | { readonly kind: 'byzantine'; readonly behaviour: ByzantineBehaviour };

/** What the simulation observes of a node. */
export interface NodeObserver {
  committed(node: SimNode, committed: CommittedBlock, stateRoot: Uint8Array): void;
  driverEvent(node: SimNode, event: DriverEvent): void;
  sent(node: SimNode, to: string, message: ConsensusMessage): void;
  failed(node: SimNode, error: unknown): void;
}

/** Everything a node is built from. */
export interface SimNodeOptions {
  readonly name: string;
  readonly keyIndex: number;
  readonly signer: Signer;
  readonly role: NodeRole;
  /** How far this node's clock is from the simulated time now (ms; it may change over time). */
  readonly clockOffsetMs: () => number;
  readonly genesis: Genesis;
  readonly config: ConsensusConfig;
  readonly scheduler: Scheduler;
  readonly network: SimNetwork;
  readonly prng: Prng;
  readonly diskTiming: DiskTiming;
  readonly observer: NodeObserver;
  readonly byzantineStats: ByzantineStats;
  /** Where the driver's and the application's logs go (silent unless tracing). */
  readonly logger?: Logger;
}

/** A simulated node. */
export interface SimNode {
  readonly name: string;
  readonly keyIndex: number;
  /** The address of the validator key it signs with. */
  readonly address: Uint8Array;
  readonly role: NodeRole;
  readonly disk: NodeDisk;
  /** True while an incarnation runs (from `start` until a crash). */
  isUp(): boolean;
  /** The running incarnation's application and driver, once built. */
  app(): ChainApp | undefined;
  driver(): Driver | undefined;
  /** Starts a new incarnation from the durable stores (in the background of the simulation). */
  start(): void;
  /** Kills the running incarnation now; data not yet durable is partly lost (see disk.ts). */
  crash(): void;
  /** Stops the running incarnation at the end of a run, touching nothing on disk. */
  halt(): void;
  /** Incarnations started so far. */
  incarnations(): number;
  /** Messages this incarnation sent so far (for crash triggers). */
  sentCount(): number;
}

/** Creates a node (not started). */
export function createSimNode(options: SimNodeOptions): SimNode {
  const { name, scheduler, network, observer, prng } = options;
  const disk = createNodeDisk(name, scheduler, prng.fork(`disk ${name}`), options.diskTiming);
  let life: { alive: boolean } = { alive: false };
  let app: ChainApp | undefined;
  let driver: Driver | undefined;
  let byzantine: ReturnType<typeof createByzantineWrapper> | undefined;
  let incarnations = 0;
  let sent = 0;

  const verifier: Verifier = {
    verifyBatch(items) {
      scheduler.touch();
      return inlineVerifier.verifyBatch(items);
    },
    close: () => Promise.resolve(),
  };

  const peers = (): readonly string[] => network.nodes().filter((n) => n !== name);

  const sendFrom = (current: Life, to: string, message: ConsensusMessage): void => {
    if (!current.alive) return;
    sent++;
    observer.sent(node, to, message);
    network.send(name, to, consensusChannel, encodeConsensusMessage(message));
  };

  const boot = async (current: Life): Promise<void> => {
    const kv = disk.kv(current);
    const chainApp = await createChainApp({
      kv,
      genesis: options.genesis,
      mempool: { txsMax: 2000, bytesMax: 8 * 1024 * 1024 },
      verifier,
      logger: options.logger ?? silentLogger,
    });
    if (!current.alive) return;
    app = chainApp;
    chainApp.onCommitted((committed) => {
      if (!current.alive) return;
      // The application swallows listener errors into its logger: report them as failures.
      try {
        observer.committed(node, committed, chainApp.state.root);
      } catch (error) {
        observer.failed(node, error);
      }
    });
    const honestNetwork: ConsensusNetwork = {
      broadcast: (message) => {
        for (const peer of peers()) sendFrom(current, peer, message);
      },
      sendTo: (peer, message) => {
        sendFrom(current, peer, message);
      },
    };
    const role = options.role;
    byzantine =
      role.kind === 'byzantine'
        ? createByzantineWrapper({
            behaviour: role.behaviour,
            signer: options.signer,
            prng: prng.fork(`byzantine ${name} ${incarnations}`),
            stats: options.byzantineStats,
            peers,
            send: (peer, message) => {
              sendFrom(current, peer, message);
            },
          })
        : undefined;
    // The Timers port over the simulated clock: skewed per node, inert once this incarnation dies.
    const timers: Timers = {
      nowMs: () => scheduler.now() + options.clockOffsetMs(),
      schedule: (delayMs, fire) =>
        scheduler.schedule(delayMs, `timer ${name}`, () => {
          if (current.alive) fire();
        }),
    };
    const d = createDriver({
      app: chainApp,
      signer: options.signer,
      timers,
      network: byzantine?.network ?? honestNetwork,
      wal: disk.wal(current),
      lastSigned: disk.lastSigned(current),
      config: options.config,
      logger: options.logger ?? silentLogger,
      onEvent: (event) => {
        if (current.alive) observer.driverEvent(node, event);
      },
    });
    driver = d;
    await d.start();
  };

  const node: SimNode = {
    name,
    keyIndex: options.keyIndex,
    address: addressOf(options.signer.publicKey),
    role: options.role,
    disk,
    isUp: () => life.alive,
    app: () => (life.alive ? app : undefined),
    driver: () => (life.alive ? driver : undefined),
    start() {
      if (life.alive) return;
      const current = { alive: true };
      life = current;
      app = undefined;
      driver = undefined;
      sent = 0;
      incarnations++;
      boot(current).catch((error: unknown) => {
        if (current.alive) observer.failed(node, error);
      });
    },
    crash() {
      if (!life.alive) return;
      node.halt();
      disk.crash(prng);
    },
    halt() {
      life.alive = false;
      app = undefined;
      driver = undefined;
      byzantine = undefined;
    },
    incarnations: () => incarnations,
    sentCount: () => sent,
  };

  network.attach(name, consensusChannel, (from, bytes) => {
    const d = driver;
    if (!life.alive || d === undefined) return;
    const message = decodeConsensusMessage(bytes);
    byzantine?.observe(message);
    d.receive(from, message);
  });
  network.attach(name, txChannel, (_from, bytes) => {
    const a = app;
    if (!life.alive || a === undefined) return;
    scheduler.touch();
    a.submitTxs([bytes]).catch((error: unknown) => {
      observer.failed(node, error);
    });
  });
  return node;
}

// The composition root: for one home directory, opens the store and the chain application over
// it, then the ledger service, the API server and whatever makes blocks — the solo node or the
// BFT node, two peers over the same chain application — with real adapters for every port.
import { createApiServer } from '../api/index.ts';
import type { PolityError } from '../lib/index.ts';
import type { Logger } from '../ports/index.ts';
import type { LedgerService } from '../api/index.ts';
import type { SyncProgress } from '../sync/index.ts';
import { startBftNode, type BftNode } from './bftNode.ts';
import {
  readConfig,
  readGenesis,
  readOrCreateNodeKey,
  readValidatorKey,
  homePaths,
  type NodeConfig,
} from './home.ts';
import { createChainApp } from '../chain/index.ts';
import { createLedger, type Ledger } from './ledger.ts';
import {
  createLogger,
  createSystemTimers,
  createVerifyPool,
  openLevelStore,
} from './adapters/index.ts';
import { startSoloNode, type SoloNode } from './soloNode.ts';
import { nodeErrors } from './errors.ts';
import { nodeVersion } from './version.ts';
import { blockingUpgrade, knownUpgrades } from '../execution/index.ts';

/** Overrides of config.json for one run. */
export interface StartOptions {
  readonly home: string;
  readonly apiHost?: string;
  readonly apiPort?: number;
  readonly blockIntervalMs?: number;
  readonly logLevel?: NodeConfig['log']['level'];
  readonly logFormat?: NodeConfig['log']['format'];
  readonly logger?: Logger;
  /** Block sync progress while a BFT node catches up with its peers. */
  readonly onSyncProgress?: (progress: SyncProgress) => void;
}

/** A running node. */
export interface RunningNode {
  readonly apiUrl: string;
  readonly ledger: Ledger;
  readonly logger: Logger;
  /**
   * Settles when the node stopped by itself because the chain reached an upgrade this build
   * cannot run: the error says which version to start.
   */
  readonly halted: Promise<PolityError>;
  stop(): Promise<void>;
}

/**
 * The upgrades this process runs: all it ships, unless POLITY_UPGRADES lists them (comma
 * separated; empty for none) — a way to run this build as if it were an older one, for testing
 * an upgrade on a local network.
 */
export function upgradesFromEnv(value: string | undefined): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  return new Set(
    value
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n.length > 0),
  );
}

/** The ledger's service, with every transaction admitted through the API gossiped to peers. */
function gossipingService(ledger: Ledger, network: BftNode): LedgerService {
  return {
    ...ledger,
    async submitTxs(raws: readonly Uint8Array[]) {
      const results = await ledger.submitTxs(raws);
      const accepted = raws.filter((_, i) => results[i]?.accepted === true);
      if (accepted.length > 0) network.gossipTxs(accepted);
      return results;
    },
  };
}

/** Starts the node of `home` and resolves once its API listens. */
export async function startNode(options: StartOptions): Promise<RunningNode> {
  const config = await readConfig(options.home);
  const logger =
    options.logger ??
    createLogger({
      level: options.logLevel ?? config.log.level,
      format: options.logFormat ?? config.log.format,
    });
  const genesis = await readGenesis(options.home);
  const signer = await readValidatorKey(options.home);
  const timers = createSystemTimers(config.faults.clockOffsetMs);
  if (config.faults.clockOffsetMs !== 0)
    logger.warn(
      { clockOffsetMs: config.faults.clockOffsetMs },
      'fault injection: this node runs with a wrong clock (faults.clockOffsetMs in config.json)',
    );
  const paths = homePaths(options.home);
  const kv = await openLevelStore(paths.data);
  const verifier = createVerifyPool(config.verify.workers);
  const bft = config.consensus.mode === 'bft';
  const upgrades = upgradesFromEnv(process.env['POLITY_UPGRADES']);
  let ledger: Ledger;
  let network: BftNode | undefined;
  let solo: SoloNode | undefined;
  try {
    const app = await createChainApp({
      kv,
      genesis,
      mempool: config.mempool,
      verifier,
      logger,
      ...(upgrades === undefined ? {} : { upgrades }),
    });
    ledger = createLedger({
      app,
      kv,
      mode: bft ? 'bft' : 'solo',
      nodeVersion,
      timers,
      logger,
    });
    // A node restarted with an older build than the chain needs stops before it starts.
    const blocking = blockingUpgrade(
      ledger.app.state,
      ledger.latestHeight() + 1,
      upgrades ?? knownUpgrades,
    );
    if (blocking !== undefined) throw blocking;
    if (bft) {
      network = await startBftNode({
        app,
        config,
        paths,
        nodeKey: await readOrCreateNodeKey(options.home),
        validatorSigner: signer,
        logger,
        // Transactions from peers are admitted like any other (see txForwarder.ts for onward).
        admit: (raws) => app.submitTxs(raws),
        isPending: (hashHex) => app.mempool.has(hashHex),
        ...(options.onSyncProgress === undefined ? {} : { onSyncProgress: options.onSyncProgress }),
      });
    } else {
      solo = await startSoloNode({
        app,
        validatorSigner: signer,
        timers,
        logger,
        blockIntervalMs: options.blockIntervalMs ?? config.blockIntervalMs,
      });
    }
  } catch (error) {
    await verifier.close();
    await kv.close();
    throw error;
  }
  const service = network === undefined ? ledger : gossipingService(ledger, network);
  const server = createApiServer({ service, logger });
  let apiUrl: string;
  const host = options.apiHost ?? config.api.host;
  const port = options.apiPort ?? config.api.port;
  try {
    apiUrl = await server.listen({ host, port });
  } catch (error) {
    await solo?.stop();
    await network?.stop();
    await verifier.close();
    await kv.close();
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      throw nodeErrors.api_port_in_use({ port, host });
    }
    throw error;
  }
  logger.info({ apiUrl, chainId: genesis.chainId, height: ledger.latestHeight() }, 'node started');
  let stopped = false;
  let halt: (reason: PolityError) => void = () => undefined;
  const halted = new Promise<PolityError>((resolve) => (halt = resolve));
  const known = upgrades ?? knownUpgrades;
  const liveLedger = ledger;
  // Checked after every commit: the node stops before the first height it could not execute.
  liveLedger.app.onCommitted((committed) => {
    const blocking = blockingUpgrade(liveLedger.app.state, committed.height + 1, known);
    if (blocking === undefined || stopped) return;
    logger.error({ code: blocking.code, ...blocking.details }, blocking.message);
    // Until the process stops (at once for `polity start`; a dev chain keeps serving reads),
    // clients are told why nothing they send will be committed.
    liveLedger.halt(blocking);
    halt(blocking);
  });
  return {
    apiUrl,
    ledger,
    logger,
    halted,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Waiters of `wait: "commit"` are answered first: their timers (up to a minute) would
      // otherwise keep the process alive after everything else stopped.
      liveLedger.close();
      await server.close();
      await solo?.stop();
      await network?.stop();
      await verifier.close();
      await kv.close();
      logger.info({}, 'node stopped');
    },
  };
}

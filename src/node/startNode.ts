// The composition root: opens the store, the ledger, the API server and the producer for one home
// directory, with real adapters for every port.
import { createApiServer } from '../api/index.ts';
import { polityError } from '../lib/index.ts';
import type { Logger } from '../ports/index.ts';
import { readConfig, readGenesis, readValidatorKey, homePaths, type NodeConfig } from './home.ts';
import { openLedger, type Ledger } from './ledger.ts';
import { openLevelStore } from './levelStore.ts';
import { createLogger } from './logger.ts';
import { startProducer } from './producer.ts';
import { createVerifyPool } from './verifyPool.ts';
import { nodeVersion } from './version.ts';

/** Overrides of config.json for one run. */
export interface StartOptions {
  readonly home: string;
  readonly apiHost?: string;
  readonly apiPort?: number;
  readonly blockIntervalMs?: number;
  readonly logLevel?: NodeConfig['log']['level'];
  readonly logFormat?: NodeConfig['log']['format'];
  readonly logger?: Logger;
}

/** A running node. */
export interface RunningNode {
  readonly apiUrl: string;
  readonly ledger: Ledger;
  readonly logger: Logger;
  stop(): Promise<void>;
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
  const kv = await openLevelStore(homePaths(options.home).data);
  const verifier = createVerifyPool();
  let ledger: Ledger;
  try {
    ledger = await openLedger({
      kv,
      genesis,
      validatorSigner: signer,
      clock: { nowMs: () => Date.now() },
      logger,
      mempool: config.mempool,
      nodeVersion,
      verifier,
    });
    // The first block carries the genesis state root, so every query can be proved from the start.
    if (ledger.latestHeight() === 0) await ledger.produceBlock({ allowEmpty: true });
  } catch (error) {
    await verifier.close();
    await kv.close();
    throw error;
  }
  const producer = startProducer(ledger, options.blockIntervalMs ?? config.blockIntervalMs, logger);
  const server = createApiServer({ service: ledger, logger });
  let apiUrl: string;
  const host = options.apiHost ?? config.api.host;
  const port = options.apiPort ?? config.api.port;
  try {
    apiUrl = await server.listen({ host, port });
  } catch (error) {
    await producer.stop();
    await verifier.close();
    await kv.close();
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      throw polityError(
        'api_port_in_use',
        'unavailable',
        `Port ${port} on ${host} is already in use (another node?). Stop it, or choose another port with --port / --api-port (0 picks a free one).`,
      );
    }
    throw error;
  }
  logger.info({ apiUrl, chainId: genesis.chainId, height: ledger.latestHeight() }, 'node started');
  let stopped = false;
  return {
    apiUrl,
    ledger,
    logger,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      await producer.stop();
      await verifier.close();
      await kv.close();
      logger.info({}, 'node stopped');
    },
  };
}

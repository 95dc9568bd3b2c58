// Test support: real keys, real signed transactions and a real ledger over the in-memory KvStore
// adapter (the same code as production; only the disk is swapped).
import { setTimeout as delay } from 'node:timers/promises';
import {
  addressOf,
  generateSigner,
  signerFromSecret,
  type Signer,
} from '../../src/crypto/index.ts';
import { fromHex } from '../../src/lib/index.ts';
import type { StoredBlock } from '../../src/api/index.ts';
import { createLedger, type Ledger } from '../../src/node/ledger.ts';
import { createSoloNode } from '../../src/node/soloNode.ts';
import { createChainApp, type Genesis } from '../../src/chain/index.ts';
import type { KvStore, Timers } from '../../src/ports/index.ts';
import { libuvVerifier, systemTimers } from '../../src/node/adapters/index.ts';
import { silentLogger } from './silentLogger.ts';
import { createMemoryKvStore } from '../../src/state/index.ts';
import {
  encodeTx,
  estimateGas,
  signTx,
  type GenesisGovernance,
  type Message,
} from '../../src/execution/index.ts';

/** A deterministic key from a one-byte seed, so failures are reproducible. */
export function testSigner(seedByte: number): Signer {
  return signerFromSecret('ed25519', fromHex(seedByte.toString(16).padStart(2, '0').repeat(32))!);
}

/** A test account. */
export interface TestAccount {
  readonly signer: Signer;
  readonly address: Uint8Array;
}

/** Makes a test account from a seed byte. */
export function testAccount(seedByte: number): TestAccount {
  const signer = testSigner(seedByte);
  return { signer, address: addressOf(signer.publicKey) };
}

/** Options of a signed test transaction. */
export interface TxOptions {
  readonly chainId?: string;
  readonly nonce: number;
  readonly fee?: bigint;
  readonly gasLimit?: number;
  readonly memo?: string;
}

/** Signs `messages` from `from` with enough gas and fee unless overridden. */
export function signedTx(
  from: TestAccount,
  messages: readonly Message[],
  options: TxOptions,
): Uint8Array {
  const gasLimit = options.gasLimit ?? estimateGas(messages, 400 + messages.length * 200) + 20_000;
  const tx = signTx(
    {
      chainId: options.chainId ?? 'test-chain',
      sender: from.address,
      nonce: options.nonce,
      fee: options.fee ?? BigInt(gasLimit),
      gasLimit,
      messages,
      memo: options.memo ?? '',
    },
    from.signer,
  );
  return encodeTx(tx);
}

/** The ledger service with its solo node's `produceBlock`, as tests drive a solo chain. */
export interface TestLedger extends Ledger {
  produceBlock(options?: { readonly allowEmpty?: boolean }): Promise<StoredBlock | undefined>;
}

/** A ledger over memory with the given funded accounts, at height 1. */
export async function testLedger(
  funded: readonly TestAccount[],
  kv: KvStore = createMemoryKvStore(),
  validator: Signer = testSigner(0xee),
  extra: {
    readonly stateValueCacheMax?: number;
    readonly governance?: GenesisGovernance;
  } = {},
): Promise<{
  readonly ledger: TestLedger;
  readonly kv: KvStore;
  readonly genesis: Genesis;
  readonly validator: Signer;
}> {
  const genesis: Genesis = {
    chainId: 'test-chain',
    genesisTimeMs: 1_700_000_000_000,
    validators: [
      { address: addressOf(validator.publicKey), publicKey: validator.publicKey, power: 10 },
    ],
    accounts: funded.map((a) => ({ address: a.address, balance: 1_000_000_000n })),
    params: { minGasPrice: 1n, blockTxsMax: 10_000 },
    ...(extra.governance === undefined ? {} : { governance: extra.governance }),
  };
  let now = genesis.genesisTimeMs;
  // Block times advance a second per block; waits time out on real timers.
  const timers: Timers = {
    nowMs: () => (now += 1000),
    schedule: (delayMs, fire) => systemTimers.schedule(delayMs, fire),
  };
  const app = await createChainApp({
    kv,
    genesis,
    mempool: { txsMax: 1000, bytesMax: 4 * 1024 * 1024 },
    verifier: libuvVerifier,
    logger: silentLogger,
    ...(extra.stateValueCacheMax === undefined
      ? {}
      : { stateValueCacheMax: extra.stateValueCacheMax }),
  });
  const service = createLedger({
    app,
    kv,
    mode: 'solo',
    nodeVersion: 'test',
    timers,
    logger: silentLogger,
  });
  const solo = createSoloNode({ app, validatorSigner: validator, timers, logger: silentLogger });
  const ledger: TestLedger = { ...service, produceBlock: (o) => solo.produceBlock(o) };
  if (ledger.latestHeight() === 0) await ledger.produceBlock({ allowEmpty: true });
  return { ledger, kv, genesis, validator };
}

/**
 * Runs `work` while a small loop produces a block whenever transactions wait (the solo node's
 * job in a node), so requests with `wait: "commit"` can complete. Stops before returning.
 */
export async function whileProducing<T>(ledger: TestLedger, work: () => Promise<T>): Promise<T> {
  const stop = new AbortController();
  const loop = (async () => {
    while (!stop.signal.aborted) {
      await ledger.produceBlock();
      await delay(2);
    }
  })();
  try {
    return await work();
  } finally {
    stop.abort();
    await loop;
  }
}

export { generateSigner };

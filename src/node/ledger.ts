// The ledger node's core object: committed state, the chain store and the mempool, wired so that
// one block = one atomic durable batch. It implements the API's LedgerService and the solo block
// producer's `produceBlock`. Only committed data is ever served.
import type { Signer } from '../crypto/index.ts';
import { applyBlock, genesisChanges, type TxInput } from '../execution/index.ts';
import { assert, equalBytes, polityError, toHex } from '../lib/index.ts';
import { createMempool, type MempoolOptions } from '../mempool/index.ts';
import type { Clock, KvStore, Logger } from '../ports/index.ts';
import {
  createMerkleStore,
  encodeStateProof,
  stateProofToJson,
  type MerkleStore,
} from '../state/index.ts';
import {
  accountStateKey,
  blockBytesMax,
  decodeAccount,
  decodeRecord,
  recordStateKey,
  validatorSetHash,
  type Header,
} from '../types/index.ts';
import type {
  CommittedTx,
  LedgerEvent,
  LedgerService,
  NodeStatus,
  ProvenValue,
  StoredBlock,
} from '../api/index.ts';
import { admitBatch } from './admission.ts';
import { listRecordKeys, readRecordHistory } from './recordIndex.ts';
import { libuvVerifier, type Verifier } from './verifyPool.ts';
import { buildBlock } from './buildBlock.ts';
import { createChainStore, encodeHeight, type LoadedBlock } from './chainStore.ts';
import { genesisHash, type Genesis } from './genesis.ts';
import { genesisHashKey, latestHeightKey } from './storageLayout.ts';

/** How the ledger is built. */
export interface LedgerOptions {
  readonly kv: KvStore;
  readonly genesis: Genesis;
  /** The validator key (solo mode: the single validator of the genesis). */
  readonly validatorSigner: Signer;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly mempool: MempoolOptions;
  readonly nodeVersion: string;
  /** Signature verification for admission; libuv's thread pool when not given. */
  readonly verifier?: Verifier;
  /** Latest state values cached in memory (src/state's default when not given; 0 disables). */
  readonly stateValueCacheMax?: number;
}

/** The node's ledger: the API's service plus block production. */
export interface Ledger extends LedgerService {
  /** Builds, commits durably and announces one block from waiting transactions; undefined if none wait. */
  produceBlock(options?: { readonly allowEmpty?: boolean }): Promise<StoredBlock | undefined>;
  hasPending(): boolean;
  latestHeight(): number;
}

// The state store's version for a height: version 1 is the genesis state, block H is version H+1.
const versionOf = (height: number): number => height + 1;

/** Opens the ledger on `kv`, writing the genesis state on first use. */
export async function openLedger(options: LedgerOptions): Promise<Ledger> {
  const { kv, genesis, logger, clock } = options;
  const chain = createChainStore(kv);
  const state: MerkleStore = createMerkleStore({
    kv,
    ...(options.stateValueCacheMax === undefined
      ? {}
      : { valueCacheMax: options.stateValueCacheMax }),
  });
  const pinned = kv.get(genesisHashKey);
  const expectedGenesis = genesisHash(genesis);
  if (pinned === undefined) {
    const prepared = state.prepareCommit(genesisChanges(state, genesis.accounts));
    await kv.writeBatch([
      ...prepared.writes,
      { key: genesisHashKey, value: expectedGenesis },
      { key: latestHeightKey, value: encodeHeight(0) },
    ]);
    state.applied(prepared);
    logger.info(
      { chainId: genesis.chainId, accounts: genesis.accounts.length },
      'genesis state written',
    );
  } else if (!equalBytes(pinned, expectedGenesis)) {
    throw polityError(
      'genesis_mismatch',
      'invalid',
      'This data directory was created from a different genesis.json. Use the original genesis or a fresh home.',
    );
  }
  const validator = genesis.validators[0];
  assert(validator !== undefined, 'genesis has a validator');
  if (!equalBytes(validator.publicKey.bytes, options.validatorSigner.publicKey.bytes)) {
    throw polityError(
      'not_the_validator',
      'invalid',
      'Solo mode needs the key of the genesis validator; this node holds another key (check validator_key.json).',
    );
  }
  const validatorsHash = validatorSetHash(genesis.validators);
  const mempool = createMempool(options.mempool);
  let height = chain.latestHeight();
  assert(
    state.version === versionOf(height),
    `state version ${state.version} matches height ${height}`,
  );

  const listeners = new Set<(event: LedgerEvent) => void>();
  const waiters = new Map<string, Set<(tx: CommittedTx | undefined) => void>>();
  const emit = (event: LedgerEvent): void => {
    for (const l of listeners) {
      try {
        l(event);
      } catch (error) {
        logger.warn({ error: String(error) }, 'event listener failed');
      }
    }
  };

  const stored = (loaded: LoadedBlock, h: number): StoredBlock => ({
    hash: loaded.hash,
    block: loaded.block,
    commit: chain.commitAt(h),
  });

  const committedTx = (hash: Uint8Array): CommittedTx | undefined => {
    const at = chain.txLocation(hash);
    if (at === undefined) return undefined;
    const loaded = chain.loadBlock(at.height);
    if (loaded === undefined) return undefined;
    const found = chain.txAt(loaded, at.index);
    const receipt = loaded.receipts()[at.index];
    if (found === undefined || receipt === undefined) return undefined;
    return {
      hash,
      ...found,
      height: at.height,
      index: at.index,
      receipt,
      header: loaded.block.header,
    };
  };

  // The newest block's hash and header, kept in memory: every block and proof needs them.
  let tip: { readonly hash: Uint8Array; readonly header: Header } | undefined = (() => {
    const loaded = height === 0 ? undefined : chain.loadBlock(height);
    return loaded === undefined ? undefined : { hash: loaded.hash, header: loaded.block.header };
  })();
  const latestHeader = (): Header | undefined => tip?.header;

  let producing = false;
  // The block write in flight, if any (see AdmissionContext.settled).
  let writing: Promise<void> | undefined;

  /** Resolves when no block write is in flight (see AdmissionContext.settled). */
  const settled = async (): Promise<void> => {
    // A loop: another block may start writing between our wake-up and our turn.
    while (writing !== undefined) await writing.catch(() => undefined);
  };

  const proven = <T>(
    key: Uint8Array,
    prove: boolean,
    decodeValue: (raw: Uint8Array) => T,
  ): ProvenValue<T> => {
    // While a block is being written its values are already readable from the flat index, ahead of
    // `height`; then (and for every proof) read through the tree at the committed version.
    if (!prove && writing === undefined) {
      const raw = state.get(key);
      return { height, value: raw === undefined ? undefined : decodeValue(raw), proof: undefined };
    }
    const { value: raw, proof } = state.prove(key, versionOf(height));
    const value = raw === undefined ? undefined : decodeValue(raw);
    if (!prove) return { height, value, proof: undefined };
    const header = latestHeader();
    if (header === undefined) {
      throw polityError(
        'no_block_yet',
        'unavailable',
        'No block has been committed yet, so there is no header to prove against. Retry in a moment.',
      );
    }
    return {
      height,
      value,
      proof: {
        encoded: encodeStateProof(proof),
        json: stateProofToJson(proof),
        header,
        commit: chain.commitAt(height),
      },
    };
  };

  const ledger: Ledger = {
    latestHeight: () => height,
    hasPending: () => mempool.size > 0,

    async produceBlock(produceOptions) {
      assert(!producing, 'one block at a time');
      if (mempool.size === 0 && produceOptions?.allowEmpty !== true) return undefined;
      producing = true;
      try {
        const next = height + 1;
        const previous = tip;
        const previousTime = previous?.header.timeMs ?? genesis.genesisTimeMs;
        // Block time never goes backwards, even if the wall clock does.
        const timeMs = Math.max(clock.nowMs(), previousTime + 1);
        const entries = mempool.reap(genesis.params.blockTxsMax, blockBytesMax - 1024 * 1024);
        const inputs: TxInput[] = entries.map((e) => ({
          tx: e.tx,
          raw: e.raw,
          hash: e.hash,
          signatureVerified: true,
        }));
        const result = applyBlock(
          state,
          { height: next, proposer: validator.address, mode: 'propose' },
          inputs,
        );
        if (result.excluded.length > 0) {
          mempool.remove(result.excluded.map((x) => toHex(x.input.hash)));
          logger.debug(
            { count: result.excluded.length },
            'dropped transactions that can no longer be included',
          );
        }
        if (result.included.length === 0 && produceOptions?.allowEmpty !== true) return undefined;
        const prepared = state.prepareCommit(result.changes);
        const built = buildBlock(
          {
            chainId: genesis.chainId,
            height: next,
            timeMs,
            prevHash: previous?.hash,
            lastCommit: height === 0 ? undefined : chain.commitAt(height),
            validatorsHash,
            proposer: validator.address,
            signer: options.validatorSigner,
          },
          result,
          prepared,
        );
        writing = kv.writeBatch(built.writes);
        try {
          await writing;
        } finally {
          writing = undefined;
        }
        // Durable from here on: advance in-memory views in one synchronous step.
        state.applied(prepared);
        height = next;
        tip = { hash: built.hash, header: built.block.header };
        mempool.remove(result.included.map((t) => toHex(t.hash)));
        logger.debug({ height: next, txs: result.included.length }, 'block committed');
        emit({
          type: 'block',
          height: next,
          hash: built.hash,
          timeMs,
          txCount: result.included.length,
        });
        // Per-transaction announcements only when someone listens or waits.
        const announce = listeners.size > 0 || waiters.size > 0;
        for (let i = 0; announce && i < result.included.length; i++) {
          const input = result.included[i];
          const receipt = result.receipts[i];
          if (input === undefined || receipt === undefined) continue;
          if (listeners.size > 0) {
            emit({
              type: 'tx',
              hash: input.hash,
              height: next,
              index: i,
              ok: receipt.status === 0,
              code: receipt.code,
            });
          }
          const id = toHex(input.hash);
          const pending = waiters.get(id);
          if (pending !== undefined) {
            waiters.delete(id);
            const tx = committedTx(input.hash);
            for (const resolve of pending) resolve(tx);
          }
        }
        return { hash: built.hash, block: built.block, commit: built.commit };
      } finally {
        producing = false;
      }
    },

    status(): NodeStatus {
      const latest = tip;
      return {
        chainId: genesis.chainId,
        nodeVersion: options.nodeVersion,
        mode: 'solo',
        latestHeight: height,
        latestBlockHash: latest?.hash,
        latestBlockTimeMs: latest?.header.timeMs,
        stateRoot: state.root,
        mempoolTxs: mempool.size,
        mempoolBytes: mempool.bytes,
        validators: genesis.validators,
        minGasPrice: genesis.params.minGasPrice,
      };
    },

    submitTxs: (raws) =>
      admitBatch(
        {
          chainId: genesis.chainId,
          minGasPrice: genesis.params.minGasPrice,
          state,
          mempool,
          isCommitted: (hash) => chain.txLocation(hash) !== undefined,
          verifier: options.verifier ?? libuvVerifier,
          settled,
        },
        raws,
      ),

    waitForTx(hash, timeoutMs) {
      const done = committedTx(hash);
      if (done !== undefined) return Promise.resolve(done);
      const id = toHex(hash);
      return new Promise((resolve) => {
        let set = waiters.get(id);
        if (set === undefined) {
          set = new Set();
          waiters.set(id, set);
        }
        const entry = (tx: CommittedTx | undefined): void => {
          clearTimeout(timer);
          resolve(tx);
        };
        const timer = setTimeout(() => {
          const s = waiters.get(id);
          s?.delete(entry);
          if (s?.size === 0) waiters.delete(id);
          resolve(undefined);
        }, timeoutMs);
        set.add(entry);
      });
    },

    getTx: committedTx,
    isPending: (hash) => mempool.has(toHex(hash)),

    getBlockByHeight(h) {
      if (!Number.isSafeInteger(h) || h < 1 || h > height) return undefined;
      const loaded = chain.loadBlock(h);
      return loaded === undefined ? undefined : stored(loaded, h);
    },

    getBlockByHash(hash) {
      const h = chain.heightOfHash(hash);
      return h === undefined ? undefined : ledger.getBlockByHeight(h);
    },

    getAccount: (address, prove) => proven(accountStateKey(address), prove, decodeAccount),
    pendingNonce(address) {
      const committed = proven(accountStateKey(address), false, decodeAccount).value;
      return (committed?.nonce ?? 0) + mempool.queueOf(toHex(address)).count;
    },
    getRecord: (owner, key, prove) => proven(recordStateKey(owner, key), prove, decodeRecord),

    async recordHistory(owner, key, limit, before) {
      const changes = await readRecordHistory(kv, owner, key, limit, before);
      // Entries of a block still being written are not committed yet.
      return changes.filter((c) => c.height <= height);
    },

    async listRecords(owner, limit, afterKey) {
      // The index of a block being written is readable before the block is committed: read when
      // no write is in flight, and again if one started meanwhile (bounded; rare).
      for (let attempt = 0; ; attempt++) {
        await settled();
        const keys = await listRecordKeys(kv, owner, limit, afterKey);
        if (writing === undefined || attempt >= 2) return keys;
      }
    },

    validators: () => genesis.validators,
    validatorsAt: (h) =>
      Number.isSafeInteger(h) && h >= 1 && h <= height + 2 ? genesis.validators : undefined,

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return ledger;
}

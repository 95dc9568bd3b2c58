// The chain application: the replicated ledger as consensus sees it (the `Application` boundary),
// over a KvStore, the authenticated state and the mempool. It builds and checks blocks by
// executing them, keeps each executed candidate (result and prepared state commit) so a decided
// block is never executed twice, and commits one block as one atomic durable batch. The node's
// ledger, the BFT driver, block sync and the simulator all commit through it; it runs their
// propose, validate and commit calls one at a time through its own queue, so no caller has to.
import type { Application, BlockCandidate, ChainTip, Validation } from '../consensus/index.ts';
import {
  executionErrors,
  knownUpgrades,
  moduleTable,
  readAccount,
  type ModuleTable,
} from '../execution/index.ts';
import { assert, createSerialQueue, equalBytes, isPolityError, toHex } from '../lib/index.ts';
import { createMempool, type MempoolOptions } from '../mempool/index.ts';
import type { KvStore, Logger } from '../ports/index.ts';
import { createMerkleStore, type MerkleStore } from '../state/index.ts';
import {
  blockHash,
  decodeBlock,
  encodeEvidence,
  verifyCommit,
  type Block,
  type Commit,
  type Header,
  type Receipt,
  type Validator,
} from '../types/index.ts';
import { admitBatch, type AdmissionResult, type ChainMempool, type ChainTx } from './admission.ts';
import { createChainStore, type ChainStore } from './chainStore.ts';
import { commitWrites } from './commitWrites.ts';
import { chainErrors } from './errors.ts';
import { evidenceHash, type EvidenceContext } from './evidence.ts';
import type { ExecutedBlock } from './executedBlock.ts';
import type { Genesis } from './genesis.ts';
import { openGenesisState } from './openGenesisState.ts';
import { proposeBlock } from './proposeBlock.ts';
import { validateBlock, type ValidationContext } from './validateBlock.ts';
import { chainNamespaces } from './storageLayout.ts';
import { openValidatorSets } from './validatorSets.ts';
import type { Verifier } from './verifier.ts';

/** How a chain application is built. */
export interface ChainAppOptions {
  readonly kv: KvStore;
  readonly genesis: Genesis;
  readonly mempool: MempoolOptions;
  /** Checks transaction signatures in batches (worker threads in a node, inline in the simulator). */
  readonly verifier: Verifier;
  readonly logger: Logger;
  /** Latest state values cached in memory (src/state's default when not given; 0 disables). */
  readonly stateValueCacheMax?: number;
  /** Upgrades this build runs (default: all it ships); a node may pretend to be older (tests). */
  readonly upgrades?: ReadonlySet<string>;
  /** The modules the chain runs (default: this build's table). */
  readonly modules?: ModuleTable;
}

/** A block that has just become durable, with what readers of the chain need to announce it. */
export interface CommittedBlock {
  readonly height: number;
  readonly hash: Uint8Array;
  readonly block: Block;
  readonly commit: Commit;
  readonly receipts: readonly Receipt[];
  /** Hashes of the block's transactions, in block order (one per receipt). */
  readonly txHashes: readonly Uint8Array[];
}

/** The committed state, for reading: only the chain application commits. */
export type CommittedState = Pick<
  MerkleStore,
  'version' | 'root' | 'get' | 'prove' | 'rootAt' | 'entries'
>;

/**
 * The chain application: consensus' `Application` plus what the node's ledger reads. Its block
 * operations (propose, validate, commit) run one at a time in call order, whoever calls them.
 */
export interface ChainApp extends Application {
  readonly genesis: Genesis;
  /** Committed chain data: blocks, commits, tx locations, receipts. */
  readonly store: ChainStore;
  readonly state: CommittedState;
  readonly mempool: ChainMempool;
  /** The modules the chain runs. */
  readonly modules: ModuleTable;
  /** Header of the newest committed block; undefined before the first. */
  tipHeader(): Header | undefined;
  /** Admits encoded transactions to the mempool: one result per input, in order. */
  submitTxs(raws: readonly Uint8Array[]): Promise<AdmissionResult[]>;
  /** True while a block's batch is being written: its data may be readable but is not committed. */
  isWriting(): boolean;
  /** Resolves when no block is being written. */
  settled(): Promise<void>;
  /**
   * Calls `listener` after every commit, once the block is durable and every in-memory view has
   * advanced (whoever committed it: consensus, the solo producer or block sync). Returns a
   * function that removes the listener.
   */
  onCommitted(listener: (committed: CommittedBlock) => void): () => void;
}

/** Most executed candidates kept for the next height (several rounds' proposals). */
export const candidatesCachedMax = 4;

const fail = (reason: string) => ({ ok: false, reason }) as const;

/** Opens the chain on `kv`, writing the genesis state on first use. */
export async function createChainApp(options: ChainAppOptions): Promise<ChainApp> {
  const { kv, genesis, logger, verifier } = options;
  const { chainId } = genesis;
  const state: MerkleStore = createMerkleStore({
    kv,
    ...(options.stateValueCacheMax === undefined
      ? {}
      : { valueCacheMax: options.stateValueCacheMax }),
  });
  const modules = options.modules ?? moduleTable;
  for (const m of modules.modules)
    for (const namespace of m.indexNamespaces ?? [])
      assert(!chainNamespaces.has(namespace), `module ${m.name}'s index namespace is its own`);
  await openGenesisState(kv, state, genesis, modules, logger);
  const store = createChainStore(kv);
  const sets = await openValidatorSets(kv, genesis.validators);
  const mempool = createMempool<ChainTx>(options.mempool);
  const upgrades = options.upgrades ?? knownUpgrades;

  let height = store.latestHeight();
  // State version 1 is the genesis state; block H is version H + 1.
  assert(state.version === height + 1, `state version ${state.version} matches height ${height}`);
  let tip: { readonly hash: Uint8Array; readonly header: Header } | undefined = (() => {
    const loaded = height === 0 ? undefined : store.loadBlock(height);
    return loaded === undefined ? undefined : { hash: loaded.hash, header: loaded.block.header };
  })();
  const tipTimeMs = (): number => tip?.header.timeMs ?? genesis.genesisTimeMs;

  // Candidates executed against the current tip, by block hash; dropped at every commit.
  const executed = new Map<string, ExecutedBlock>();
  const remember = (entry: ExecutedBlock): void => {
    if (executed.size >= candidatesCachedMax) {
      const oldest = executed.keys().next();
      if (oldest.done !== true) executed.delete(oldest.value);
    }
    executed.set(toHex(entry.candidate.hash), entry);
  };
  // The block write in flight, if any (see `settled`).
  let writing: Promise<void> | undefined;
  // Propose, validate and commit run one at a time through this queue (`operating` while one runs).
  const operations = createSerialQueue();
  let operating = false;
  const listeners = new Set<(committed: CommittedBlock) => void>();

  const validatorsAt = (h: number): readonly Validator[] | undefined =>
    Number.isSafeInteger(h) && h >= 1 && h <= height + 2 ? sets.at(h) : undefined;
  const knownValidators = (h: number): readonly Validator[] => {
    const set = validatorsAt(h);
    assert(set !== undefined, `the validator set of height ${h} is known`);
    return set;
  };
  const isEvidenceHashCommitted = (hash: Uint8Array): boolean =>
    store.evidenceHeight(hash) !== undefined;
  const evidenceContext = (): EvidenceContext => ({
    chainId,
    height: height + 1,
    validatorsAt,
    isCommitted: isEvidenceHashCommitted,
  });
  // Checked as each block operation starts: none overlap, and no block write is in flight.
  const assertIdle = (): void => {
    assert(!operating, 'block operations never overlap (they run through the queue)');
    assert(writing === undefined, 'no block is built or checked while one is being written');
  };
  const serial = <T>(operation: () => Promise<T>): Promise<T> =>
    operations.run(async () => {
      assertIdle();
      operating = true;
      try {
        return await operation();
      } finally {
        operating = false;
      }
    });

  const validationContext = (): ValidationContext => {
    const checkedAt = height;
    return {
      header: {
        chainId,
        tipHeight: height,
        tipHash: tip?.hash,
        tipTimeMs: tipTimeMs(),
        genesisTimeMs: genesis.genesisTimeMs,
        validatorsAt: knownValidators,
        hashOf: (set) => sets.hashOf(set),
        storedCommit: (h) => store.commitAt(h),
      },
      evidence: evidenceContext(),
      txs: {
        chainId,
        minGasPrice: genesis.params.minGasPrice,
        blockTxsMax: genesis.params.blockTxsMax,
        modules,
      },
      nextValidators: knownValidators(height + 2),
      upgrades,
      state,
      verifier,
      pooled: (hashHex) => mempool.get(hashHex)?.tx,
      unchanged: () => height === checkedAt && writing === undefined,
    };
  };

  // Writes a block and its commit in one batch, then advances every in-memory view at once.
  const commitExecuted = async (entry: ExecutedBlock, commit: Commit): Promise<CommittedBlock> => {
    const next = height + 1;
    const { result, prepared, candidate } = entry;
    const effectiveHeight = next + 2;
    const changed =
      result.validatorUpdates.length > 0 &&
      !equalBytes(
        sets.hashOf(result.validators),
        sets.hashOf(knownValidators(effectiveHeight - 1)),
      );
    const writes = commitWrites({
      modules,
      height: next,
      hash: candidate.hash,
      bytes: candidate.bytes,
      commit,
      result,
      prepared,
      evidenceHashes: entry.evidenceHashes,
      validatorSet: changed ? { effectiveHeight, validators: result.validators } : undefined,
    });
    writing = kv.writeBatch(writes);
    try {
      await writing;
    } finally {
      writing = undefined;
    }
    // Durable from here on: advance every in-memory view in one synchronous step.
    state.applied(prepared);
    height = next;
    tip = { hash: candidate.hash, header: candidate.block.header };
    if (changed) sets.added(effectiveHeight, result.validators);
    mempool.remove(result.included.map((t) => toHex(t.hash)));
    // The block may hold a sender's transaction that reached this node's pool under another hash
    // (same nonce, other content, admitted elsewhere): what this pool holds for those nonces is
    // dead now.
    const senders = new Map(
      result.included.map((t) => [toHex(t.tx.body.sender), t.tx.body.sender]),
    );
    let pruned = 0;
    for (const [senderHex, sender] of senders)
      pruned += mempool.pruneStale(senderHex, readAccount(state, sender).nonce);
    if (pruned > 0)
      logger.debug({ height: next, pruned }, 'dropped pool entries made stale by the block');
    executed.clear();
    logger.debug({ height: next, txs: result.included.length }, 'block committed');
    return {
      height: next,
      hash: candidate.hash,
      block: candidate.block,
      commit,
      receipts: result.receipts,
      txHashes: result.included.map((t) => t.hash),
    };
  };

  // The block operations, run only through `serial` (proposing rejects, never throws).
  const proposeNow = (input: Parameters<ChainApp['proposeBlock']>[0]): BlockCandidate => {
    const next = height + 1;
    const entry = proposeBlock(
      {
        chainId,
        height: next,
        tipHash: tip?.hash,
        tipTimeMs: tipTimeMs(),
        genesisTimeMs: genesis.genesisTimeMs,
        validators: knownValidators(next),
        nextValidators: knownValidators(next + 1),
        lastValidators: next > 1 ? knownValidators(next - 1) : [],
        upgrades,
        hashOf: (set) => sets.hashOf(set),
        modules,
        blockTxsMax: genesis.params.blockTxsMax,
        state,
        mempool,
        evidence: evidenceContext(),
        logger,
      },
      input,
    );
    remember(entry);
    return entry.candidate;
  };

  const validateNow = async (bytes: Uint8Array): Promise<Validation> => {
    let block: Block;
    try {
      block = decodeBlock(bytes);
    } catch (error) {
      if (!isPolityError(error)) throw error;
      return fail(`the block does not decode: ${error.message}`);
    }
    const hash = blockHash(block.header);
    const known = executed.get(toHex(hash));
    if (known !== undefined) return { ok: true, candidate: known.candidate };
    const verdict = await validateBlock(validationContext(), block, hash, bytes);
    if (!verdict.ok) return verdict;
    remember(verdict.executed);
    return { ok: true, candidate: verdict.executed.candidate };
  };

  const commitNow = async (candidate: BlockCandidate, commit: Commit): Promise<void> => {
    const next = height + 1;
    if (candidate.block.header.height !== next) {
      throw chainErrors.block_out_of_order({ height: candidate.block.header.height, next });
    }
    // A block decided elsewhere (block sync) may never have been checked here: check it now.
    let entry = executed.get(toHex(candidate.hash));
    if (entry === undefined) {
      const verdict = await validateNow(candidate.bytes);
      if (!verdict.ok) {
        throw executionErrors.invalid_block({ height: next, reason: verdict.reason });
      }
      entry = executed.get(toHex(verdict.candidate.hash));
      assert(entry !== undefined, 'a validated block is kept until commit');
    }
    const verdict =
      commit.height !== next ||
      !equalBytes(commit.blockHash, candidate.hash) ||
      !equalBytes(entry.candidate.hash, candidate.hash)
        ? fail(`the commit or the block bytes are not those of block ${next}`)
        : verifyCommit(chainId, commit, knownValidators(next));
    if (!verdict.ok) {
      throw chainErrors.invalid_commit({ height: next, reason: verdict.reason });
    }
    const committed = await commitExecuted(entry, commit);
    for (const listener of listeners) {
      try {
        listener(committed);
      } catch (error) {
        logger.warn({ error: String(error) }, 'a commit listener failed');
      }
    }
  };

  const app: ChainApp = {
    chainId,
    genesis,
    store,
    state,
    mempool,
    modules,
    tip: (): ChainTip => ({ height, hash: tip?.hash, timeMs: tipTimeMs() }),
    tipHeader: () => tip?.header,
    validatorsAt,
    hasPendingTxs: () => mempool.size > 0,
    isWriting: () => writing !== undefined,
    async settled() {
      // A loop: another block may start writing between our wake-up and our turn.
      while (writing !== undefined) await writing.catch(() => undefined);
    },

    submitTxs: (raws) =>
      admitBatch(
        {
          chainId,
          minGasPrice: genesis.params.minGasPrice,
          modules,
          state,
          mempool,
          tip: () => ({ height, timeMs: tipTimeMs() }),
          nextValidators: () => knownValidators(height + 2),
          isCommitted: (hash) => store.txLocation(hash) !== undefined,
          verifier,
          settled: () => app.settled(),
        },
        raws,
      ),

    proposeBlock: (input) => serial(() => Promise.resolve(proposeNow(input))),
    validateBlock: (bytes) => serial(() => validateNow(bytes)),
    commitBlock: (candidate, commit) => serial(() => commitNow(candidate, commit)),

    commitAt: (h) =>
      Number.isSafeInteger(h) && h >= 1 && h <= height ? store.commitAt(h) : undefined,
    blockBytesAt: (h) =>
      Number.isSafeInteger(h) && h >= 1 && h <= height ? store.blockBytes(h) : undefined,
    isEvidenceCommitted: (evidence) =>
      isEvidenceHashCommitted(evidenceHash(encodeEvidence(evidence))),

    onCommitted(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return app;
}

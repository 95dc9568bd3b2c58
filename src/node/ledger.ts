// The ledger node's core object: the chain application (src/chain) plus what the API serves —
// queries of committed data, admission, events and waiting for a transaction — and, in solo mode,
// block production. It reacts to every commit through the application's `onCommitted`, whoever
// committed the block (the solo producer, consensus or block sync). Only committed data is served.
import {
  createChainApp,
  listRecordKeys,
  readRecordHistory,
  type ChainApp,
  type CommittedBlock,
  type Genesis,
  type LoadedBlock,
  type Verifier,
} from '../chain/index.ts';
import { addressOf, type Signer } from '../crypto/index.ts';
import {
  countProposal,
  findProposal,
  nextGovernanceDeadline,
  readGovState,
} from '../execution/index.ts';
import { assert, equalBytes, polityError, toHex } from '../lib/index.ts';
import type { MempoolOptions } from '../mempool/index.ts';
import type { KvStore, Logger, Timers } from '../ports/index.ts';
import { encodeStateProof, stateProofToJson, type StateProof } from '../state/index.ts';
import {
  accountStateKey,
  decodeAccount,
  decodeRecord,
  recordStateKey,
  signPrecommit,
  type Commit,
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
import { libuvVerifier } from './adapters/index.ts';

/** How the ledger is built. */
export interface LedgerOptions {
  readonly kv: KvStore;
  readonly genesis: Genesis;
  /** The validator key (solo mode: the single validator of the genesis). */
  readonly validatorSigner: Signer;
  /** Block times in solo mode, and the timeouts of `waitForTx`. */
  readonly timers: Timers;
  readonly logger: Logger;
  readonly mempool: MempoolOptions;
  readonly nodeVersion: string;
  /** Signature verification for admission; libuv's thread pool when not given. */
  readonly verifier?: Verifier;
  /** Latest state values cached in memory (src/state's default when not given; 0 disables). */
  readonly stateValueCacheMax?: number;
  /** Upgrades this build runs (default: all it ships). */
  readonly upgrades?: ReadonlySet<string>;
  /**
   * True (the default): solo mode, this node's key is the validator and `produceBlock` makes the
   * blocks. False: consensus commits through `app`, and the key need not be a validator's.
   */
  readonly soloProducer?: boolean;
}

/** The node's ledger: the API's service plus solo block production. */
export interface Ledger extends LedgerService {
  /** The chain application every commit goes through (consensus drives it in BFT mode). */
  readonly app: ChainApp;
  /** Builds, commits durably and announces one block from waiting transactions; undefined if none wait. */
  produceBlock(options?: { readonly allowEmpty?: boolean }): Promise<StoredBlock | undefined>;
  hasPending(): boolean;
  /** Whether a governance deadline (end of voting, exit window, pause expiry) is at or before `nowMs`. */
  governanceDue(nowMs: number): boolean;
  latestHeight(): number;
}

// The state store's version for a height: version 1 is the genesis state, block H is version H+1.
const versionOf = (height: number): number => height + 1;

/** The commit of a solo chain: the one validator's precommit, at the block's time. */
function soloCommit(
  signer: Signer,
  address: Uint8Array,
  chainId: string,
  height: number,
  blockHash: Uint8Array,
  timeMs: number,
): Commit {
  return {
    height,
    round: 0,
    blockHash,
    signatures: [signPrecommit(signer, address, chainId, height, 0, blockHash, timeMs)],
  };
}

/** Opens the ledger on `kv`, writing the genesis state on first use. */
export async function openLedger(options: LedgerOptions): Promise<Ledger> {
  const { kv, genesis, logger, timers } = options;
  const app = await createChainApp({
    kv,
    genesis,
    mempool: options.mempool,
    verifier: options.verifier ?? libuvVerifier,
    logger,
    ...(options.stateValueCacheMax === undefined
      ? {}
      : { stateValueCacheMax: options.stateValueCacheMax }),
    ...(options.upgrades === undefined ? {} : { upgrades: options.upgrades }),
  });
  const { store: chain, state, mempool } = app;
  const selfAddress = addressOf(options.validatorSigner.publicKey);
  const height = (): number => app.tip().height;
  const solo = options.soloProducer ?? true;
  const nextValidators = app.validatorsAt(height() + 1) ?? [];
  if (solo && !nextValidators.some((v) => equalBytes(v.address, selfAddress))) {
    throw polityError(
      'not_the_validator',
      'invalid',
      'Solo mode needs the key of the genesis validator; this node holds another key (check validator_key.json).',
    );
  }
  assert(
    state.version === versionOf(height()),
    `state version ${state.version} matches height ${height()}`,
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
    if (at === undefined || at.height > height()) return undefined;
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

  // Proposals' last announced status, to announce each change once (open ones and new ones only:
  // at most 64 open proposals are read per block, and only while someone listens).
  const proposalStatus = new Map<number, string>();
  let proposalsSeen = 0;
  const announceProposals = (height: number): void => {
    const gov = readGovState(state);
    if (gov === undefined) return;
    const ids = new Set<number>([...proposalStatus.keys(), ...gov.active]);
    for (let id = Math.max(proposalsSeen, gov.nextProposalId - 64); id < gov.nextProposalId; id++)
      if (id >= 1) ids.add(id);
    proposalsSeen = gov.nextProposalId;
    for (const id of ids) {
      const p = findProposal(state, id);
      if (p === undefined) continue;
      if (proposalStatus.get(id) !== p.status)
        emit({ type: 'proposal', height, id, kind: p.kind, status: p.status, title: p.title });
      if (gov.active.includes(id)) proposalStatus.set(id, p.status);
      else proposalStatus.delete(id);
    }
  };

  // Announces every commit, whoever made it: a block event, then per transaction a tx event and
  // the waiters of `wait: "commit"`.
  app.onCommitted((committed: CommittedBlock) => {
    emit({
      type: 'block',
      height: committed.height,
      hash: committed.hash,
      timeMs: committed.block.header.timeMs,
      txCount: committed.txHashes.length,
    });
    if (listeners.size > 0) announceProposals(committed.height);
    // Per-transaction announcements only when someone listens or waits.
    if (listeners.size === 0 && waiters.size === 0) return;
    for (let i = 0; i < committed.txHashes.length; i++) {
      const hash = committed.txHashes[i];
      const receipt = committed.receipts[i];
      if (hash === undefined || receipt === undefined) continue;
      if (listeners.size > 0) {
        emit({
          type: 'tx',
          hash,
          height: committed.height,
          index: i,
          ok: receipt.status === 0,
          code: receipt.code,
        });
      }
      const id = toHex(hash);
      const pending = waiters.get(id);
      if (pending !== undefined) {
        waiters.delete(id);
        const tx = committedTx(hash);
        for (const resolve of pending) resolve(tx);
      }
    }
  });

  const latestHeader = (): Header | undefined => app.tipHeader();
  let producing = false;

  // A value with its state proof against the header of `at` (and that height's commit).
  const provenWith = <T>(
    at: number,
    value: T | undefined,
    proof: StateProof,
    header: Header,
  ): ProvenValue<T> => ({
    height: at,
    value,
    proof: {
      encoded: encodeStateProof(proof),
      json: stateProofToJson(proof),
      header,
      commit: chain.commitAt(at),
    },
  });

  const proven = <T>(
    key: Uint8Array,
    prove: boolean,
    decodeValue: (raw: Uint8Array) => T,
  ): ProvenValue<T> => {
    const at = height();
    // While a block is being written its values are already readable from the flat index, ahead of
    // the committed height; then (and for every proof) read through the tree at the committed version.
    if (!prove && !app.isWriting()) {
      const raw = state.get(key);
      return {
        height: at,
        value: raw === undefined ? undefined : decodeValue(raw),
        proof: undefined,
      };
    }
    const { value: raw, proof } = state.prove(key, versionOf(at));
    const value = raw === undefined ? undefined : decodeValue(raw);
    if (!prove) return { height: at, value, proof: undefined };
    const header = latestHeader();
    if (header === undefined) {
      throw polityError(
        'no_block_yet',
        'unavailable',
        'No block has been committed yet, so there is no header to prove against. Retry in a moment.',
      );
    }
    return provenWith(at, value, proof, header);
  };

  // A value at an earlier height, proved against that height's header.
  const provenAt = (
    key: Uint8Array,
    prove: boolean,
    at: number | undefined,
  ): ProvenValue<Uint8Array> => {
    const latest = height();
    if (at === undefined || at === latest) return proven(key, prove, (raw) => raw);
    if (!Number.isSafeInteger(at) || at < 1 || at > latest)
      throw polityError(
        'height_not_found',
        'not_found',
        `Height ${at} is not committed here (1 to ${latest}). Ask for a committed height.`,
      );
    const { value, proof } = state.prove(key, versionOf(at));
    if (!prove) return { height: at, value, proof: undefined };
    const header = chain.loadBlock(at)?.block.header;
    if (header === undefined)
      throw polityError('height_not_found', 'not_found', `Block ${at} is not stored here.`);
    return provenWith(at, value, proof, header);
  };

  // Governance's next deadline, read once per committed height.
  let deadline: { height: number; timeMs: number | undefined } = { height: -1, timeMs: undefined };

  const ledger: Ledger = {
    app,
    latestHeight: height,
    hasPending: () => app.hasPendingTxs(),
    governanceDue(nowMs) {
      const at = height();
      if (deadline.height !== at) deadline = { height: at, timeMs: nextGovernanceDeadline(state) };
      return deadline.timeMs !== undefined && nowMs >= deadline.timeMs;
    },

    async produceBlock(produceOptions) {
      assert(solo, 'only a solo ledger produces blocks itself');
      assert(!producing, 'one block at a time');
      const allowEmpty = produceOptions?.allowEmpty === true;
      if (!app.hasPendingTxs() && !allowEmpty) return undefined;
      producing = true;
      try {
        const tip = app.tip();
        // Block time never goes backwards, even if the wall clock does.
        const timeMs = Math.max(timers.nowMs(), tip.timeMs + 1);
        const candidate = await app.proposeBlock({
          proposer: selfAddress,
          timeMs,
          lastCommit: app.commitAt(tip.height),
          evidence: [],
        });
        if (candidate.block.txs.length === 0 && !allowEmpty) return undefined;
        const commit = soloCommit(
          options.validatorSigner,
          selfAddress,
          genesis.chainId,
          candidate.block.header.height,
          candidate.hash,
          timeMs,
        );
        await app.commitBlock(candidate, commit);
        return { hash: candidate.hash, block: candidate.block, commit };
      } finally {
        producing = false;
      }
    },

    status(): NodeStatus {
      const latest = app.tip();
      return {
        chainId: genesis.chainId,
        nodeVersion: options.nodeVersion,
        mode: options.soloProducer === false ? 'bft' : 'solo',
        latestHeight: latest.height,
        latestBlockHash: latest.hash,
        latestBlockTimeMs: app.tipHeader()?.timeMs,
        stateRoot: state.root,
        mempoolTxs: mempool.size,
        mempoolBytes: mempool.bytes,
        validators: ledger.validators(),
        minGasPrice: genesis.params.minGasPrice,
      };
    },

    submitTxs: (raws) => app.submitTxs(raws),

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
          timer.cancel();
          resolve(tx);
        };
        const timer = timers.schedule(timeoutMs, () => {
          const s = waiters.get(id);
          s?.delete(entry);
          if (s?.size === 0) waiters.delete(id);
          resolve(undefined);
        });
        set.add(entry);
      });
    },

    getTx: committedTx,
    isPending: (hash) => mempool.has(toHex(hash)),

    getBlockByHeight(h) {
      if (!Number.isSafeInteger(h) || h < 1 || h > height()) return undefined;
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
    stateValue: (key, prove, at) => provenAt(key, prove, at),
    liveTally(id) {
      const gov = readGovState(state);
      const proposal = gov === undefined ? undefined : findProposal(state, id);
      if (gov === undefined || proposal === undefined) return undefined;
      return countProposal(
        state,
        gov,
        proposal,
        app.validatorsAt(height() + 2) ?? app.validatorsAt(height() + 1) ?? [],
      );
    },

    async recordHistory(owner, key, limit, before) {
      const changes = await readRecordHistory(kv, owner, key, limit, before);
      // Entries of a block still being written are not committed yet.
      const at = height();
      return changes.filter((c) => c.height <= at);
    },

    async listRecords(owner, limit, afterKey) {
      // The index of a block being written is readable before the block is committed: read when
      // no write is in flight, and again if one started meanwhile (bounded; rare).
      for (let attempt = 0; ; attempt++) {
        await app.settled();
        const keys = await listRecordKeys(kv, owner, limit, afterKey);
        if (!app.isWriting() || attempt >= 2) return keys;
      }
    },

    validators: () => app.validatorsAt(Math.max(1, height())) ?? genesis.validators,
    validatorsAt: (h) => app.validatorsAt(h),

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return ledger;
}

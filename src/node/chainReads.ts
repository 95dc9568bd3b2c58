// Reads of the committed chain that need no state proof of their own: blocks with their commits,
// transactions with their inclusion proofs, a record's history and an owner's record keys (the
// chain's indexes, read only up to the committed height), a proposal's live count, validator sets.
import type { ChainApp, LoadedBlock } from '../chain/index.ts';
import {
  countProposal,
  findProposal,
  listRecordKeys,
  readGovState,
  readRecordHistory,
} from '../execution/index.ts';
import type { KvStore } from '../ports/index.ts';
import type { CommittedTx, LedgerService, StoredBlock } from '../api/index.ts';

/** The ledger service's reads of blocks, transactions, record indexes and validator sets. */
export type ChainReads = Pick<
  LedgerService,
  | 'getTx'
  | 'getBlockByHeight'
  | 'getBlockByHash'
  | 'recordHistory'
  | 'listRecords'
  | 'liveTally'
  | 'validators'
  | 'validatorsAt'
>;

/** The committed transaction `hash` with its proofs, read from `app`'s chain store. */
function committedTxOf(app: ChainApp, hash: Uint8Array): CommittedTx | undefined {
  const chain = app.store;
  const at = chain.txLocation(hash);
  if (at === undefined || at.height > app.tip().height) return undefined;
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
}

/** Reads of `app`'s committed chain; `kv` is the store it was opened on (the record indexes). */
export function createChainReads(app: ChainApp, kv: KvStore): ChainReads {
  const { store: chain, state, genesis } = app;
  const height = (): number => app.tip().height;
  const stored = (loaded: LoadedBlock, h: number): StoredBlock => ({
    hash: loaded.hash,
    block: loaded.block,
    commit: chain.commitAt(h),
  });
  const getBlockByHeight = (h: number): StoredBlock | undefined => {
    if (!Number.isSafeInteger(h) || h < 1 || h > height()) return undefined;
    const loaded = chain.loadBlock(h);
    return loaded === undefined ? undefined : stored(loaded, h);
  };

  return {
    getTx: (hash) => committedTxOf(app, hash),
    getBlockByHeight,
    getBlockByHash(hash) {
      const h = chain.heightOfHash(hash);
      return h === undefined ? undefined : getBlockByHeight(h);
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

    validators: () => app.validatorsAt(Math.max(1, height())) ?? genesis.validators,
    validatorsAt: (h) => app.validatorsAt(h),
  };
}

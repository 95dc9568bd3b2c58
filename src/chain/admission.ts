// Admission of submitted transactions into the mempool. Phase one decodes, checks everything
// stateless and verifies signatures as one batch through the Verifier port; phase two,
// synchronous and in submission order, checks nonce, key and balance against committed state plus
// the sender's queue, then adds to the pool. Nothing about state changes on rejection.
import {
  checkTxAgainstState,
  pausedModules,
  pausedProblem,
  readGovState,
  insufficientFunds,
  readAccount,
  type StateReader,
} from '../execution/index.ts';
import { isPolityError, polityError, toHex, type PolityError } from '../lib/index.ts';
import type { Mempool, PoolEntry } from '../mempool/index.ts';
import {
  decodeTx,
  txHash,
  txSignBytesFromRaw,
  validateTxStateless,
  type AdmissionResult,
  type SignedTx,
} from '../types/index.ts';
import type { Verifier } from './verifier.ts';

// The outcome is defined in src/types, shared with the API.
export type { AdmissionResult } from '../types/index.ts';

/** What admission needs from the chain. */
export interface AdmissionContext {
  readonly chainId: string;
  readonly minGasPrice: bigint;
  readonly state: StateReader;
  readonly mempool: Mempool;
  /** Whether a transaction with this hash is already committed. */
  isCommitted(hash: Uint8Array): boolean;
  /**
   * Resolves when no block is being written. LevelDB makes a batch readable before its write call
   * returns, so state read during a block write could already hold the new nonces while the pool
   * still holds the transactions that produced them; phase two waits for that window to close.
   */
  settled(): Promise<void>;
  /** Checks signatures off the event loop. */
  readonly verifier: Verifier;
}

interface Candidate {
  readonly raw: Uint8Array;
  readonly tx: SignedTx;
  readonly hash: Uint8Array;
}

function alreadyCommitted(): PolityError {
  return polityError(
    'tx_already_committed',
    'conflict',
    'This transaction is already committed; query it with its hash.',
  );
}

function spendOf(tx: SignedTx): bigint {
  let spend = tx.body.fee;
  for (const m of tx.body.messages) if (m.type === 'transfer') spend += m.amount;
  return spend;
}

interface Rejection {
  /** Known once the bytes decode as a transaction. */
  readonly hash: Uint8Array | undefined;
  readonly error: PolityError;
}

/**
 * The one rejection of a transaction already in the pool. Duplicates are the common case when
 * peers forward what a node already has, so they cost a hash and a lookup: no decoding, and no
 * new error (capturing a stack trace for each was a tenth of a loaded node's time). The error is
 * frozen; results only carry it.
 */
const duplicate: PolityError = Object.freeze(
  polityError('tx_duplicate', 'conflict', 'This transaction is already waiting in the mempool.'),
);

function precheck(ctx: AdmissionContext, raw: Uint8Array): Candidate | Rejection {
  // Identical bytes in the pool were valid when admitted: the hash alone answers.
  const hash = txHash(raw);
  if (ctx.mempool.has(toHex(hash))) return { hash, error: duplicate };
  let tx: SignedTx;
  try {
    tx = decodeTx(raw);
  } catch (error) {
    if (isPolityError(error)) return { hash: undefined, error };
    throw error;
  }
  const problem = validateTxStateless(tx, raw.length, {
    chainId: ctx.chainId,
    minGasPrice: ctx.minGasPrice,
  });
  if (problem !== undefined) return { hash, error: problem };
  return { raw, tx, hash };
}

/** Admits a batch; one result per input, in order. */
export async function admitBatch(
  ctx: AdmissionContext,
  raws: readonly Uint8Array[],
): Promise<AdmissionResult[]> {
  const prechecked = raws.map((raw) => precheck(ctx, raw));
  // Only candidates that passed the stateless checks are verified, in one batch.
  const candidates = prechecked.filter((c): c is Candidate => 'tx' in c);
  const verified = await ctx.verifier.verifyBatch(
    candidates.map((c) => ({
      publicKey: c.tx.signer,
      message: txSignBytesFromRaw(c.raw, c.tx),
      signature: c.tx.signature,
    })),
  );
  const signatureOk = new Map(candidates.map((c, i) => [c, verified[i] === true]));
  await ctx.settled();
  // Phase two runs without awaiting, so the pool and state it reads cannot change under it.
  const seenInBatch = new Set<string>();
  // A transaction that would only fail on a paused module is refused here, before it costs a fee.
  const paused = pausedModules(readGovState(ctx.state));
  return prechecked.map((c): AdmissionResult => {
    if (!('tx' in c)) return { hash: c.hash, accepted: false, error: c.error };
    const hashHex = toHex(c.hash);
    if (signatureOk.get(c) !== true) {
      return {
        hash: c.hash,
        accepted: false,
        error: polityError(
          'bad_signature',
          'unauthorized',
          'The signature does not verify for this transaction and key. Re-sign it with the sender key.',
        ),
      };
    }
    if (seenInBatch.has(hashHex) || ctx.mempool.has(hashHex)) {
      return { hash: c.hash, accepted: false, error: duplicate };
    }
    const pausedError = pausedProblem(c.tx.body.messages, paused);
    if (pausedError !== undefined) return { hash: c.hash, accepted: false, error: pausedError };
    const senderHex = toHex(c.tx.body.sender);
    const queue = ctx.mempool.queueOf(senderHex);
    const account = readAccount(ctx.state, c.tx.body.sender);
    const input = { tx: c.tx, raw: c.raw, hash: c.hash, signatureVerified: true };
    const problem = checkTxAgainstState(
      ctx.state,
      input,
      account.nonce + queue.count,
      queue.reserved,
      account,
    );
    if (problem !== undefined) {
      // A stale nonce is most often a resubmission: say so when it is (one index read, only here).
      if (problem.code === 'nonce_stale' && ctx.isCommitted(c.hash)) {
        return { hash: c.hash, accepted: false, error: alreadyCommitted() };
      }
      return { hash: c.hash, accepted: false, error: problem };
    }
    const spend = spendOf(c.tx);
    if (account.balance < queue.reserved + spend) {
      return {
        hash: c.hash,
        accepted: false,
        error: insufficientFunds(queue.reserved + spend, account.balance),
      };
    }
    const entry: PoolEntry = { tx: c.tx, raw: c.raw, hash: c.hash, hashHex, senderHex, spend };
    try {
      ctx.mempool.add(entry);
    } catch (error) {
      return { hash: c.hash, accepted: false, error: error as PolityError };
    }
    seenInBatch.add(hashHex);
    return { hash: c.hash, accepted: true };
  });
}

// Admission of submitted transactions into the mempool. Phase one decodes, checks everything
// stateless and verifies signatures as one batch through the Verifier port; phase two,
// synchronous and in submission order, checks key, nonce and balance (with what the sender's
// queue reserves) against committed state, then runs the transaction on a scratch copy of that
// state when a message asks for it (execution's `admissionFailure`): a transaction certain to
// fail is refused with the code its receipt would carry, before it costs a fee. Nothing about
// state changes on rejection.
import {
  admissionFailure,
  needsAdmissionRun,
  checkTxAgainstState,
  executionErrors,
  gasShortfall,
  pausedProblem,
  readAccount,
  type AnyMessage,
  type ModuleTable,
  type SignedTxOf,
  type StateReader,
  type TxInput,
  txHash,
  txSignBytesFromRaw,
  validateTxStateless,
} from '../execution/index.ts';
import { isPolityError, toHex, type PolityError } from '../lib/index.ts';
import type { Mempool, PoolEntry } from '../mempool/index.ts';
import type { AdmissionResult, Validator } from '../types/index.ts';
import { chainErrors } from './errors.ts';
import type { Verifier } from './verifier.ts';

// The outcome is defined in src/types, shared with the API.
export type { AdmissionResult } from '../types/index.ts';

/** A decoded transaction, as the chain keeps it. */
export type ChainTx = SignedTxOf<AnyMessage>;

/** The chain's mempool. */
export type ChainMempool = Mempool<ChainTx>;

/** What admission needs from the chain. */
export interface AdmissionContext {
  readonly chainId: string;
  readonly minGasPrice: bigint;
  readonly modules: ModuleTable;
  readonly state: StateReader;
  readonly mempool: ChainMempool;
  /** The height and time of the latest committed block (the genesis' before the first). */
  tip(): { readonly height: number; readonly timeMs: number };
  /** The validator set the next block's transactions see. */
  nextValidators(): readonly Validator[];
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
  readonly tx: ChainTx;
  readonly hash: Uint8Array;
}

// Fee plus every amount the messages take from the sender's balance.
function spendOf(modules: ModuleTable, tx: ChainTx): bigint {
  let spend = tx.body.fee;
  for (const m of tx.body.messages) spend += modules.entry(m.type)?.def.spend?.(m) ?? 0n;
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
const duplicate: PolityError = Object.freeze(chainErrors.tx_duplicate());

function precheck(ctx: AdmissionContext, raw: Uint8Array): Candidate | Rejection {
  // Identical bytes in the pool were valid when admitted: the hash alone answers.
  const hash = txHash(raw);
  if (ctx.mempool.has(toHex(hash))) return { hash, error: duplicate };
  let tx: ChainTx;
  try {
    tx = ctx.modules.tx.decode(raw);
  } catch (error) {
    if (isPolityError(error)) return { hash: undefined, error };
    throw error;
  }
  const problem = validateTx(ctx, tx, raw.length) ?? gasShortfall(ctx.modules, tx, raw.length);
  if (problem !== undefined) return { hash, error: problem };
  return { raw, tx, hash };
}

function validateTx(ctx: AdmissionContext, tx: ChainTx, size: number): PolityError | undefined {
  return validateTxStateless(tx, size, {
    chainId: ctx.chainId,
    minGasPrice: ctx.minGasPrice,
    modules: ctx.modules,
  });
}

// The checks against state, in order: paused modules, key, nonce and balance with the sender's
// queue, then the transaction run against state when its messages ask for it.
function stateProblem(
  ctx: AdmissionContext,
  c: Candidate,
  paused: ReadonlySet<string>,
): { readonly error: PolityError } | { readonly entry: PoolEntry<ChainTx> } {
  const pausedError = pausedProblem(ctx.modules, c.tx.body.messages, paused);
  if (pausedError !== undefined) return { error: pausedError };
  const senderHex = toHex(c.tx.body.sender);
  const queue = ctx.mempool.queueOf(senderHex);
  const account = readAccount(ctx.state, c.tx.body.sender);
  const input: TxInput = { tx: c.tx, raw: c.raw, hash: c.hash, signatureVerified: true };
  const problem = checkTxAgainstState(
    ctx.state,
    input,
    account.nonce + queue.count,
    queue.reserved,
    account,
  );
  if (problem !== undefined) {
    // A stale nonce is most often a resubmission: say so when it is (one index read, only here).
    if (isPolityError(problem, executionErrors.nonce_stale) && ctx.isCommitted(c.hash))
      return { error: chainErrors.tx_already_committed() };
    return { error: problem };
  }
  const spend = spendOf(ctx.modules, c.tx);
  if (account.balance < queue.reserved + spend)
    return {
      error: executionErrors.insufficient_funds({
        balance: account.balance,
        needed: queue.reserved + spend,
      }),
    };
  const failure = needsAdmissionRun(ctx.modules, input)
    ? runAgainstState(ctx, input, senderHex, queue.count, paused)
    : undefined;
  if (failure !== undefined) return { error: failure };
  return {
    entry: { tx: c.tx, raw: c.raw, hash: c.hash, hashHex: toHex(c.hash), senderHex, spend },
  };
}

// Runs the transaction on a scratch copy of the committed state (after the sender's waiting ones):
// only for messages that ask for it, so a transfer's admission costs no execution.
function runAgainstState(
  ctx: AdmissionContext,
  input: TxInput,
  senderHex: string,
  queued: number,
  paused: ReadonlySet<string>,
): PolityError | undefined {
  const tip = ctx.tip();
  const pending =
    queued === 0
      ? []
      : ctx.mempool.pendingOf(senderHex).map((e) => ({ ...e, signatureVerified: true }));
  return admissionFailure(
    {
      modules: ctx.modules,
      state: ctx.state,
      heightMin: tip.height + 1,
      timeMsMin: tip.timeMs,
      validators: ctx.nextValidators(),
      paused,
    },
    input,
    pending,
  );
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
  const paused = ctx.modules.paused(ctx.state);
  return prechecked.map((c): AdmissionResult => {
    if (!('tx' in c)) return { hash: c.hash, accepted: false, error: c.error };
    const hashHex = toHex(c.hash);
    if (signatureOk.get(c) !== true)
      return {
        hash: c.hash,
        accepted: false,
        error: executionErrors.bad_signature({
          reason: 'it was made by another key or for other bytes',
        }),
      };
    if (seenInBatch.has(hashHex) || ctx.mempool.has(hashHex))
      return { hash: c.hash, accepted: false, error: duplicate };
    const checked = stateProblem(ctx, c, paused);
    if ('error' in checked) return { hash: c.hash, accepted: false, error: checked.error };
    try {
      ctx.mempool.add(checked.entry);
    } catch (error) {
      if (!isPolityError(error)) throw error;
      return { hash: c.hash, accepted: false, error };
    }
    seenInBatch.add(hashHex);
    return { hash: c.hash, accepted: true };
  });
}

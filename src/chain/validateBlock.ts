// Checking a proposed block completely: header and last commit, evidence, transactions (decoded,
// stateless checks, signatures of those not admitted here verified as one batch), then execution
// in 'validate' mode and the roots it must reproduce. Every failure is a reason, never a throw.
import { listRoot } from '../crypto/index.ts';
import {
  applyBlock,
  executionErrors,
  governanceErrors,
  txSignBytesFromRaw,
  type BlockResult,
  type TxInput,
} from '../execution/index.ts';
import type { ChainTx } from './admission.ts';
import { equalBytes, isPolityError } from '../lib/index.ts';
import type { MerkleStore } from '../state/index.ts';
import { type Block, type Validator } from '../types/index.ts';
import { receiptsRoot } from './buildBlock.ts';
import {
  checkHeader,
  decodeBlockTxs,
  type DecodedTx,
  type HeaderContext,
  type TxCheckParams,
} from './checkBlock.ts';
import { checkEvidenceList, type EvidenceContext } from './evidence.ts';
import { absentFrom, misbehaviourOf } from './misbehaviour.ts';
import type { ExecutedBlock } from './executedBlock.ts';
import type { Verifier } from './verifier.ts';

/** What checking a block needs from the chain. */
export interface ValidationContext {
  readonly header: HeaderContext;
  readonly evidence: EvidenceContext;
  readonly txs: TxCheckParams;
  /** The newest validator set before the block: the one effective at its height + 1. */
  readonly nextValidators: readonly Validator[];
  /** Upgrades this build runs. */
  readonly upgrades: ReadonlySet<string>;
  readonly state: MerkleStore;
  readonly verifier: Verifier;
  /** The decoded transaction with this hash if it waits in the local mempool (admission checked it). */
  pooled(hashHex: string): ChainTx | undefined;
  /** False once the chain moved (a commit started) since checking began. */
  unchanged(): boolean;
}

/** The verdict on a block. */
export type BlockCheck =
  | { readonly ok: true; readonly executed: ExecutedBlock }
  | { readonly ok: false; readonly reason: string };

const fail = (reason: string): BlockCheck => ({ ok: false, reason });

async function checkSignatures(
  ctx: ValidationContext,
  txs: readonly DecodedTx[],
): Promise<string | undefined> {
  const unverified = txs.filter((t) => !t.verified);
  if (unverified.length === 0) return undefined;
  const verdicts = await ctx.verifier.verifyBatch(
    unverified.map((t) => ({
      publicKey: t.tx.signer,
      message: txSignBytesFromRaw(t.raw, t.tx),
      signature: t.tx.signature,
    })),
  );
  const bad = unverified.find((_, i) => verdicts[i] !== true);
  if (bad !== undefined) return `transaction ${txs.indexOf(bad)} has an invalid signature`;
  if (!ctx.unchanged()) return 'the chain advanced while the block was being checked';
  return undefined;
}

/** Checks `block` (decoded from `bytes`, hashing to `hash`) as the successor of the tip. */
export async function validateBlock(
  ctx: ValidationContext,
  block: Block,
  hash: Uint8Array,
  bytes: Uint8Array,
): Promise<BlockCheck> {
  const { header } = block;
  const headerProblem = checkHeader(ctx.header, block);
  if (headerProblem !== undefined) return fail(headerProblem);
  const evidence = checkEvidenceList(ctx.evidence, block.evidence);
  if (!evidence.ok) return evidence;
  if (!equalBytes(header.evidenceRoot, listRoot(evidence.hashes)))
    return fail('evidenceRoot does not match the evidence');
  const decoded = decodeBlockTxs(ctx.txs, block.txs, (hashHex) => ctx.pooled(hashHex));
  if (!decoded.ok) return decoded;
  if (!equalBytes(header.txRoot, listRoot(decoded.txs.map((t) => t.hash))))
    return fail('txRoot does not match the transactions');
  const signatureProblem = await checkSignatures(ctx, decoded.txs);
  if (signatureProblem !== undefined) return fail(signatureProblem);
  const inputs: TxInput[] = decoded.txs.map((t) => ({
    tx: t.tx,
    raw: t.raw,
    hash: t.hash,
    signatureVerified: true,
  }));
  let result: BlockResult;
  try {
    result = applyBlock(
      ctx.state,
      {
        height: header.height,
        timeMs: header.timeMs,
        proposer: header.proposer,
        mode: 'validate',
        misbehaviour: misbehaviourOf(block.evidence, evidence.hashes),
        absent:
          header.height > 1
            ? absentFrom(ctx.header.validatorsAt(header.height - 1), block.lastCommit)
            : [],
        validators: ctx.nextValidators,
        upgrades: ctx.upgrades,
        modules: ctx.txs.modules,
      },
      inputs,
    );
  } catch (error) {
    // Only the block's own fault is a verdict; anything else (a missing tree node) is a crash.
    // An upgrade this build cannot run is a verdict too: this node cannot accept the block.
    if (!isPolityError(error, executionErrors.invalid_block, governanceErrors.upgrade_required))
      throw error;
    return fail(error.message);
  }
  if (!equalBytes(header.receiptsRoot, receiptsRoot(result.receipts)))
    return fail('receiptsRoot does not match the receipts of executing the block');
  const prepared = ctx.state.prepareCommit(result.changes);
  if (!equalBytes(header.stateRoot, prepared.root))
    return fail('stateRoot does not match the state after executing the block');
  return {
    ok: true,
    executed: {
      candidate: { block, hash, bytes },
      result,
      prepared,
      evidenceHashes: evidence.hashes,
    },
  };
}

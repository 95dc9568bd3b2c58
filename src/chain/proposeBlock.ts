// Building the next block from the mempool: checks of what the caller supplies (proposer, last
// commit), the block's time (the weighted median of the last commit's, blockTime.ts), the evidence worth including, execution in 'propose' mode (transactions that can
// no longer be included leave the mempool) and the header over the results.
import type { Application } from '../consensus/index.ts';
import { applyBlock, type ModuleTable, type TxInput } from '../execution/index.ts';
import { equalBytes, toHex } from '../lib/index.ts';
import type { Logger } from '../ports/index.ts';
import type { MerkleStore } from '../state/index.ts';
import {
  blockBytesMax,
  encodeEvidence,
  evidencePerBlockMax,
  type Evidence,
  type Validator,
} from '../types/index.ts';
import type { ChainMempool } from './admission.ts';
import { blockTimeMs } from './blockTime.ts';
import { buildBlock } from './buildBlock.ts';
import { chainErrors } from './errors.ts';
import { checkEvidence, evidenceHash, type EvidenceContext } from './evidence.ts';
import { absentFrom, misbehaviourOf } from './misbehaviour.ts';
import type { ExecutedBlock } from './executedBlock.ts';

/** Bytes of a block left free of transactions for the header, the last commit and evidence. */
export const blockOverheadBytesMax = 2 * 1024 * 1024;

/** What the application supplies to build a block. */
export type ProposalInput = Parameters<Application['proposeBlock']>[0];

/** What building the next block needs from the chain. */
export interface ProposalContext {
  readonly chainId: string;
  /** Height of the block to build: the tip's height + 1. */
  readonly height: number;
  readonly tipHash: Uint8Array | undefined;
  /** Time of the tip, or the genesis time. */
  readonly tipTimeMs: number;
  /** The genesis time: block 1's time. */
  readonly genesisTimeMs: number;
  /** The sets that sign this height and the next. */
  readonly validators: readonly Validator[];
  readonly nextValidators: readonly Validator[];
  /** The set that signed the previous height (empty at height 1): its absentees are counted. */
  readonly lastValidators: readonly Validator[];
  /** Upgrades this build runs. */
  readonly upgrades: ReadonlySet<string>;
  hashOf(validators: readonly Validator[]): Uint8Array;
  readonly modules: ModuleTable;
  readonly blockTxsMax: number;
  readonly state: MerkleStore;
  readonly mempool: ChainMempool;
  readonly evidence: EvidenceContext;
  readonly logger: Logger;
}

// The caller's inputs are trusted to be right (consensus supplies them); a mistake is a bug, so it
// throws rather than producing a block every validator would reject. Returns the block's time.
function checkInput(ctx: ProposalContext, input: ProposalInput): number {
  if (!ctx.validators.some((v) => equalBytes(v.address, input.proposer))) {
    throw chainErrors.not_a_validator({ height: ctx.height });
  }
  const lc = input.lastCommit;
  const fits =
    ctx.height === 1
      ? lc === undefined
      : lc !== undefined &&
        lc.height === ctx.height - 1 &&
        ctx.tipHash !== undefined &&
        equalBytes(lc.blockHash, ctx.tipHash);
  if (!fits) {
    throw chainErrors.bad_last_commit({ height: ctx.height, previous: ctx.height - 1 });
  }
  const timeMs = blockTimeMs({
    height: ctx.height,
    genesisTimeMs: ctx.genesisTimeMs,
    lastCommit: lc,
    lastValidators: ctx.lastValidators,
  });
  if (timeMs === undefined || (ctx.height > 1 && timeMs <= ctx.tipTimeMs)) {
    throw chainErrors.block_time_not_after({ tipTimeMs: ctx.tipTimeMs, timeMs: timeMs ?? 0 });
  }
  return timeMs;
}

/** Evidence worth proposing: valid, not yet committed, each once, within the block's bound. */
export function pickEvidence(
  ctx: EvidenceContext,
  items: readonly Evidence[],
  logger: Logger,
): { readonly bytes: readonly Uint8Array[]; readonly hashes: readonly Uint8Array[] } {
  const bytes: Uint8Array[] = [];
  const hashes: Uint8Array[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (bytes.length >= evidencePerBlockMax) break;
    const encoded = encodeEvidence(item);
    const hash = evidenceHash(encoded);
    const id = toHex(hash);
    if (seen.has(id) || ctx.isCommitted(hash)) continue;
    seen.add(id);
    const problem = checkEvidence(ctx, item);
    if (problem !== undefined) {
      logger.debug({ height: ctx.height, problem }, 'left invalid evidence out of the block');
      continue;
    }
    bytes.push(encoded);
    hashes.push(hash);
  }
  return { bytes, hashes };
}

/** Builds and executes the next block from the mempool. */
export function proposeBlock(ctx: ProposalContext, input: ProposalInput): ExecutedBlock {
  const timeMs = checkInput(ctx, input);
  const evidence = pickEvidence(ctx.evidence, input.evidence, ctx.logger);
  const entries = ctx.mempool.reap(ctx.blockTxsMax, blockBytesMax - blockOverheadBytesMax);
  const inputs: TxInput[] = entries.map((e) => ({
    tx: e.tx,
    raw: e.raw,
    hash: e.hash,
    signatureVerified: true,
  }));
  const result = applyBlock(
    ctx.state,
    {
      height: ctx.height,
      timeMs,
      proposer: input.proposer,
      mode: 'propose',
      misbehaviour: misbehaviourOf(evidence.bytes, evidence.hashes),
      absent: absentFrom(ctx.lastValidators, input.lastCommit),
      upgrades: ctx.upgrades,
      validators: ctx.nextValidators,
      modules: ctx.modules,
    },
    inputs,
  );
  if (result.excluded.length > 0) {
    ctx.mempool.remove(result.excluded.map((x) => toHex(x.input.hash)));
    ctx.logger.debug(
      { count: result.excluded.length },
      'dropped transactions that can no longer be included',
    );
  }
  const prepared = ctx.state.prepareCommit(result.changes);
  const built = buildBlock(
    {
      chainId: ctx.chainId,
      height: ctx.height,
      timeMs,
      prevHash: ctx.tipHash,
      lastCommit: input.lastCommit,
      validatorsHash: ctx.hashOf(ctx.validators),
      nextValidatorsHash: ctx.hashOf(ctx.nextValidators),
      proposer: input.proposer,
      evidence: evidence.bytes,
      evidenceHashes: evidence.hashes,
    },
    result,
    prepared.root,
  );
  return {
    candidate: { block: built.block, hash: built.hash, bytes: built.bytes },
    result,
    prepared,
    evidenceHashes: evidence.hashes,
  };
}

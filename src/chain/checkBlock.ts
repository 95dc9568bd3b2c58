// The checks of a proposed block that need no execution: every header field against the
// committed chain, and each transaction decoded and checked statelessly. Each failure is a reason
// (a sentence for the logs), never an exception: proposals come from untrusted peers.
import { equalBytes, isPolityError, toHex } from '../lib/index.ts';
import {
  commitHash,
  protocolVersion,
  verifyCommit,
  zeroHash,
  type Block,
  type Commit,
  type Validator,
} from '../types/index.ts';
import { txHash, validateTxStateless, type ModuleTable } from '../execution/index.ts';
import type { ChainTx } from './admission.ts';
import { blockTimeMs } from './blockTime.ts';

/** What checking a header needs from the chain. */
export interface HeaderContext {
  readonly chainId: string;
  /** The committed tip: the block checked must be its successor. */
  readonly tipHeight: number;
  readonly tipHash: Uint8Array | undefined;
  /** Time of the tip, or the genesis time. */
  readonly tipTimeMs: number;
  /** The genesis time: block 1's time. */
  readonly genesisTimeMs: number;
  validatorsAt(height: number): readonly Validator[];
  hashOf(validators: readonly Validator[]): Uint8Array;
  /** The commit stored for a committed height (verified when it was stored). */
  storedCommit(height: number): Commit | undefined;
}

function checkLastCommit(ctx: HeaderContext, block: Block): string | undefined {
  const { header, lastCommit } = block;
  if (header.height === 1) {
    if (lastCommit !== undefined) return 'block 1 carries a last commit';
    if (!equalBytes(header.lastCommitHash, zeroHash))
      return 'lastCommitHash of block 1 is not zero';
    return undefined;
  }
  if (lastCommit === undefined) return 'the last commit is missing';
  const hash = commitHash(lastCommit);
  if (!equalBytes(header.lastCommitHash, hash))
    return 'lastCommitHash does not match the last commit';
  if (lastCommit.height !== header.height - 1)
    return `the last commit is for height ${lastCommit.height}, not ${header.height - 1}`;
  if (ctx.tipHash === undefined || !equalBytes(lastCommit.blockHash, ctx.tipHash))
    return 'the last commit is not for the previous block';
  // A commit identical to the one stored here was verified when it was stored.
  const stored = ctx.storedCommit(header.height - 1);
  if (stored !== undefined && equalBytes(commitHash(stored), hash)) return undefined;
  const verdict = verifyCommit(ctx.chainId, lastCommit, ctx.validatorsAt(header.height - 1));
  return verdict.ok ? undefined : `the last commit does not verify: ${verdict.reason}`;
}

/** Why the header (and last commit) of `block` cannot follow the tip, or undefined. */
export function checkHeader(ctx: HeaderContext, block: Block): string | undefined {
  const h = block.header;
  const height = ctx.tipHeight + 1;
  if (h.version !== protocolVersion) return `version ${h.version} is not ${protocolVersion}`;
  if (h.chainId !== ctx.chainId) return `chain id "${h.chainId}" is not "${ctx.chainId}"`;
  if (h.height !== height) return `height ${h.height} is not ${height}`;
  if (!equalBytes(h.prevHash, ctx.tipHash ?? zeroHash))
    return 'prevHash is not the hash of the previous block';
  const validators = ctx.validatorsAt(height);
  if (!validators.some((v) => equalBytes(v.address, h.proposer)))
    return `proposer ${toHex(h.proposer)} is not a validator at height ${height}`;
  if (!equalBytes(h.validatorsHash, ctx.hashOf(validators)))
    return 'validatorsHash is not the hash of the validator set';
  if (!equalBytes(h.nextValidatorsHash, ctx.hashOf(ctx.validatorsAt(height + 1))))
    return 'nextValidatorsHash is not the hash of the next validator set';
  return checkLastCommit(ctx, block) ?? checkTime(ctx, block);
}

// BFT time (blockTime.ts): exactly the weighted median of the (verified) last commit's times, and
// after the previous block. Honest precommits are later than the block they decide, so the second
// rule only fails when liars hold at least half of the commit, which +2/3 signers exclude.
function checkTime(ctx: HeaderContext, block: Block): string | undefined {
  const h = block.header;
  const expected = blockTimeMs({
    height: h.height,
    genesisTimeMs: ctx.genesisTimeMs,
    lastCommit: block.lastCommit,
    lastValidators: h.height > 1 ? ctx.validatorsAt(h.height - 1) : [],
  });
  if (expected === undefined) return 'the last commit carries no time';
  if (h.timeMs !== expected) {
    return h.height === 1
      ? `time ${h.timeMs} of block 1 is not the genesis time ${expected}`
      : `time ${h.timeMs} is not the median ${expected} of the last commit's times`;
  }
  if (h.height > 1 && h.timeMs <= ctx.tipTimeMs)
    return `time ${h.timeMs} is not after the previous block's ${ctx.tipTimeMs}`;
  return undefined;
}

/** A transaction of a proposed block, decoded and checked statelessly. */
export interface DecodedTx {
  readonly tx: ChainTx;
  readonly raw: Uint8Array;
  readonly hash: Uint8Array;
  /** True when its signature was already verified (it waits in the local mempool). */
  readonly verified: boolean;
}

/** Parameters of the stateless transaction checks. */
export interface TxCheckParams {
  readonly chainId: string;
  readonly minGasPrice: bigint;
  readonly blockTxsMax: number;
  readonly modules: ModuleTable;
}

/**
 * Decodes a block's transactions and checks each statelessly. A transaction waiting in the local
 * mempool (`pooled` returns it) was decoded from identical bytes and passed admission, signature
 * included: it is neither decoded nor verified again (on a loaded node that is most of them). The
 * stateless checks still run on it, since a parameter they use may have changed since admission.
 * A transaction repeated in the block fails execution's nonce rule.
 */
export function decodeBlockTxs(
  params: TxCheckParams,
  raws: readonly Uint8Array[],
  pooled: (hashHex: string) => ChainTx | undefined,
):
  | { readonly ok: true; readonly txs: readonly DecodedTx[] }
  | { readonly ok: false; readonly reason: string } {
  if (raws.length > params.blockTxsMax)
    return { ok: false, reason: `${raws.length} transactions exceed ${params.blockTxsMax}` };
  const txs: DecodedTx[] = [];
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i] ?? new Uint8Array();
    const hash = txHash(raw);
    const known = pooled(toHex(hash));
    let tx: ChainTx;
    if (known !== undefined) {
      tx = known;
    } else {
      try {
        tx = params.modules.tx.decode(raw);
      } catch (error) {
        if (!isPolityError(error)) throw error;
        return { ok: false, reason: `transaction ${i} does not decode: ${error.message}` };
      }
    }
    const problem = validateTxStateless(tx, raw.length, params);
    if (problem !== undefined)
      return { ok: false, reason: `transaction ${i}: ${problem.code}: ${problem.message}` };
    txs.push({ tx, raw, hash, verified: known !== undefined });
  }
  return { ok: true, txs };
}

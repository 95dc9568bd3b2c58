// Test support for the chain application: a genesis of several real validators, apps over their own
// in-memory stores with the inline verifier (the same code a node runs; only disk and threads are
// swapped), and commits signed by whichever validators the test names.
import { addressOf, type Signer } from '../../src/crypto/index.ts';
import {
  createChainApp,
  inlineVerifier,
  type ChainApp,
  type Genesis,
  type Verifier,
} from '../../src/chain/index.ts';
import type { BlockCandidate } from '../../src/consensus/index.ts';
import type { KvStore } from '../../src/ports/index.ts';
import { silentLogger } from './silentLogger.ts';
import { createMemoryKvStore } from '../../src/state/index.ts';
import {
  blockHash,
  decodeBlock,
  duplicateVoteEvidence,
  signPrecommit,
  voteSignBytes,
  voteTypes,
  type Commit,
  type Evidence,
  type SignedVote,
  type Validator,
  type Vote,
} from '../../src/types/index.ts';
import { txHash } from '../../src/execution/index.ts';
import { toHex } from '../../src/lib/index.ts';
import { testSigner, type TestAccount } from './chain.ts';

/** A validator of a test chain with its key. */
export interface TestValidator {
  readonly signer: Signer;
  readonly validator: Validator;
}

/** A validator from a seed byte and a power. */
export function testValidator(seedByte: number, power: number): TestValidator {
  const signer = testSigner(seedByte);
  return {
    signer,
    validator: { address: addressOf(signer.publicKey), publicKey: signer.publicKey, power },
  };
}

/** A genesis of `validators`, funding `funded`, optionally naming a validator admin. */
export function testGenesis(
  validators: readonly TestValidator[],
  funded: readonly TestAccount[],
  validatorAdmin?: Uint8Array,
): Genesis {
  return {
    chainId: 'test-chain',
    genesisTimeMs: 1_700_000_000_000,
    validators: validators.map((v) => v.validator),
    accounts: funded.map((a) => ({ address: a.address, balance: 1_000_000_000n })),
    params: {
      minGasPrice: 1n,
      blockTxsMax: 10_000,
      ...(validatorAdmin === undefined ? {} : { validatorAdmin }),
    },
  };
}

/** A verifier that counts the signatures it is asked to check. */
export function countingVerifier(): Verifier & { readonly checked: () => number } {
  let checked = 0;
  return {
    verifyBatch(items) {
      checked += items.length;
      return inlineVerifier.verifyBatch(items);
    },
    close: () => Promise.resolve(),
    checked: () => checked,
  };
}

/** A chain application over `kv` (a fresh memory store by default). */
export function openTestApp(
  genesis: Genesis,
  kv: KvStore = createMemoryKvStore(),
  verifier: Verifier = inlineVerifier,
): Promise<ChainApp> {
  return createChainApp({
    kv,
    genesis,
    mempool: { txsMax: 1000, bytesMax: 4 * 1024 * 1024 },
    verifier,
    logger: silentLogger,
  });
}

/**
 * The commit of `candidate` signed by `signers` in round 0, each at `timeMs` (by default one
 * second after the block's time, so the next block, whose time is the commit's median, is one
 * second later), or at `timeMs(i)` for the i-th signer.
 */
export function signCommit(
  chainId: string,
  candidate: Pick<BlockCandidate, 'block' | 'hash'>,
  signers: readonly TestValidator[],
  timeMs: number | ((i: number) => number) = candidate.block.header.timeMs + 1000,
): Commit {
  const { height } = candidate.block.header;
  return {
    height,
    round: 0,
    blockHash: candidate.hash,
    signatures: signers.map((v, i) =>
      signPrecommit(
        v.signer,
        v.validator.address,
        chainId,
        height,
        0,
        candidate.hash,
        typeof timeMs === 'number' ? timeMs : timeMs(i),
      ),
    ),
  };
}

/**
 * `commit` signed again by the same validators (found in `validators`), all at `timeMs`: the last
 * commit a test puts in the next block to choose that block's time (the commit's median).
 */
export function resignCommit(
  chainId: string,
  commit: Commit,
  validators: readonly TestValidator[],
  timeMs: number,
): Commit {
  return {
    ...commit,
    signatures: commit.signatures.map((sig) => {
      const v = validators.find((x) => toHex(x.validator.address) === toHex(sig.validator));
      if (v === undefined) throw new Error(`no key for signer ${toHex(sig.validator)}`);
      return signPrecommit(
        v.signer,
        v.validator.address,
        chainId,
        commit.height,
        commit.round,
        commit.blockHash,
        timeMs,
      );
    }),
  };
}

/** Proposes the next block on `app` as `proposer` (one second after the tip) and commits it. */
export async function proposeAndCommit(
  app: ChainApp,
  proposer: TestValidator,
  signers: readonly TestValidator[],
): Promise<{ readonly candidate: BlockCandidate; readonly commit: Commit }> {
  const tip = app.tip();
  const candidate = await app.proposeBlock({
    proposer: proposer.validator.address,
    lastCommit: app.commitAt(tip.height),
    evidence: [],
  });
  const commit = signCommit(app.chainId, candidate, signers);
  await app.commitBlock(candidate, commit);
  return { candidate, commit };
}

/** Evidence that `v` signed two different prevotes for `height`, round 0. */
export function equivocation(v: TestValidator, height: number, chainId = 'test-chain'): Evidence {
  const signed = (hashByte: number): SignedVote => {
    const vote: Vote = {
      type: voteTypes.prevote,
      chainId,
      height,
      round: 0,
      blockHash: new Uint8Array(32).fill(hashByte),
      timeMs: 1_700_000_000_000 + height,
      validator: v.validator.address,
    };
    return { vote, signature: v.signer.sign(voteSignBytes(vote)) };
  };
  return duplicateVoteEvidence(signed(1), signed(2));
}

/** The committed block at `height` of `app` as a candidate, as block sync hands it over. */
export function candidateAt(app: ChainApp, height: number): BlockCandidate {
  const bytes = app.blockBytesAt(height);
  if (bytes === undefined) throw new Error(`no block ${height}`);
  const block = decodeBlock(bytes);
  return { block, hash: blockHash(block.header), bytes };
}

/**
 * Puts an encoded transaction straight into `app`'s pool, skipping admission: what a Byzantine
 * proposer (or a node whose admission differs) may include in a block.
 */
export function forceIntoPool(app: ChainApp, raw: Uint8Array): void {
  const tx = app.modules.tx.decode(raw);
  const hash = txHash(raw);
  app.mempool.add({
    tx,
    raw,
    hash,
    hashHex: toHex(hash),
    senderHex: toHex(tx.body.sender),
    spend: 0n,
  });
}

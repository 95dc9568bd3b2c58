// Test support for governance scenarios: a chain with governance in its genesis, run by two chain
// applications (one proposes, the other validates and commits every block, so each scenario also
// shows that every node reaches the same state), with accounts that track their own nonces and a
// block clock the scenario moves forward to cross voting periods and exit windows.
import { decode } from '../../src/codec/index.ts';
import type { ChainApp, Genesis } from '../../src/chain/index.ts';
import { equalBytes, toHex } from '../../src/lib/index.ts';
import { type Evidence, type Receipt } from '../../src/types/index.ts';
import {
  accountStateKey,
  captureCodec,
  decodeAccount,
  readAccount,
  txHash,
  defaultGovernanceParams,
  governanceKeys,
  governanceStateCodec,
  govProposalCodec,
  type CaptureSummary,
  type GenesisGovernance,
  type GovernanceParams,
  type GovernanceState,
  type GovProposal,
  type Message,
} from '../../src/execution/index.ts';
import { signedTx, testAccount, type TestAccount } from './chain.ts';
import {
  forceIntoPool,
  openTestApp,
  resignCommit,
  signCommit,
  testGenesis,
  testValidator,
} from './chainApp.ts';

/** Short periods so scenarios cross them in a few blocks of block time. */
export function shortParams(): GovernanceParams {
  const second = 1000;
  const base = defaultGovernanceParams(20 * second);
  const policies = Object.fromEntries(
    Object.entries(base.policies).map(([kind, p]) => [
      kind,
      {
        ...p,
        depositMin: 1000n,
        votingPeriodMs: 10 * second,
        exitWindowMs:
          p.exitWindowMs === 0 ? 0 : Math.max(5 * second, Math.min(p.exitWindowMs, 40 * second)),
        expiryMs: p.expiryMs === undefined ? undefined : 30 * second,
      },
    ]),
  ) as unknown as GovernanceParams['policies'];
  // No tightening unless a scenario asks for it (three stake holders are below the default floor).
  return {
    ...base,
    policies,
    maintainerTermMs: 60 * second,
    captureFloor: { ...base.captureFloor, nakamotoMin: 1 },
  };
}

/**
 * What became of one submitted transaction: refused at admission (no fee, no nonce, nothing in the
 * pool; `code` is the refusal's), or committed with its receipt (`code` '' on success).
 */
export interface TxResult {
  readonly refused: boolean;
  readonly code: string;
  readonly message: string;
  /** The fee charged: the receipt's, none when refused. */
  readonly fee: bigint;
  readonly receipt: Receipt | undefined;
}

/** How `block` gets transactions into the block. */
export interface BlockOptions {
  /**
   * `admit` (default): through admission, as a client's would. `force`: straight into the
   * proposer's pool, as a Byzantine proposer (or a node with other rules) would include them.
   */
  readonly include?: 'admit' | 'force';
}

/** A governed test chain. */
export interface GovChain {
  readonly a: ChainApp;
  readonly b: ChainApp;
  readonly genesis: Genesis;
  /**
   * Signs and submits `messages` from `from` (each with the sender's next nonce, so a refused one
   * uses none) and commits the next block; returns each transaction's result, in order.
   */
  block(
    txs: readonly { from: TestAccount; messages: readonly Message[] }[],
    advanceMs?: number,
    evidence?: readonly Evidence[],
    options?: BlockOptions,
  ): Promise<TxResult[]>;
  /** A state value both applications agree on. */
  read(key: Uint8Array): Uint8Array | undefined;
  /** Moves block time on by committing empty blocks. */
  idle(ms: number): Promise<void>;
  gov(): GovernanceState;
  proposal(id: number): GovProposal;
  capture(): CaptureSummary;
  balance(address: Uint8Array): bigint;
}

/** The chain's four validators (power 10 each at genesis). */
export const govValidators = [0xa1, 0xa2, 0xa3, 0xa4].map((seed) => testValidator(seed, 10));
const validators = govValidators;

/** A chain whose genesis holds `governance` (accounts in `funded` get 1,000,000,000 each). */
export async function openGovChain(
  funded: readonly TestAccount[],
  governance: GenesisGovernance,
): Promise<GovChain> {
  const genesis: Genesis = { ...testGenesis(validators, funded), governance };
  const a = await openTestApp(genesis);
  const b = await openTestApp(genesis);
  // The nonce a new transaction of `acc` needs: committed, plus what waits in the pool.
  const nextNonce = (acc: TestAccount): number =>
    readAccount(a.state, acc.address).nonce + a.mempool.queueOf(toHex(acc.address)).count;
  // Admits (or forces into the pool) each transaction in order; a refusal is a result.
  const submit = async (
    txs: readonly { from: TestAccount; messages: readonly Message[] }[],
    include: 'admit' | 'force',
  ): Promise<(Uint8Array | TxResult)[]> => {
    const out: (Uint8Array | TxResult)[] = [];
    for (const t of txs) {
      const raw = signedTx(t.from, t.messages, { nonce: nextNonce(t.from) });
      if (include === 'force') {
        forceIntoPool(a, raw);
        out.push(raw);
        continue;
      }
      const [r] = await a.submitTxs([raw]);
      if (r?.accepted === true) out.push(raw);
      else if (r !== undefined)
        out.push({
          refused: true,
          code: r.error.code,
          message: r.error.message,
          fee: 0n,
          receipt: undefined,
        });
    }
    return out;
  };
  const read = (key: Uint8Array) => {
    const av = a.state.get(key);
    const bv = b.state.get(key);
    if (
      (av === undefined) !== (bv === undefined) ||
      (av !== undefined && bv !== undefined && !equalBytes(av, bv))
    )
      throw new Error(`the two apps disagree on state key ${toHex(key)}`);
    return av;
  };
  const commitNext = async (
    advanceMs: number,
    evidence: readonly Evidence[] = [],
  ): Promise<Receipt[]> => {
    const tip = a.tip();
    // The set of this height (stake can change it): the proposer rotates over it, and the commit
    // is signed by the fewest of validators 0, 1, 2, 3 (in that order) holding more than 2/3, so
    // validator 3 is absent from commits whenever it can be.
    const set = a.validatorsAt(tip.height + 1) ?? [];
    const inSet = validators.filter((v) =>
      set.some((x) => equalBytes(x.address, v.validator.address)),
    );
    const total = set.reduce((sum, v) => sum + v.power, 0);
    const signers: typeof validators = [];
    let signed = 0;
    for (const v of inSet) {
      if (signed * 3 > total * 2) break;
      signers.push(v);
      signed += set.find((x) => equalBytes(x.address, v.validator.address))?.power ?? 0;
    }
    // The block's time is its last commit's median (block 1's the genesis time): the stored
    // commit, signed again `advanceMs` after the tip, moves time on by that much.
    const stored = a.commitAt(tip.height);
    const lastCommit =
      stored === undefined
        ? undefined
        : resignCommit(a.chainId, stored, validators, tip.timeMs + advanceMs);
    const candidate = await a.proposeBlock({
      proposer: set[tip.height % set.length]!.address,
      lastCommit,
      evidence,
    });
    const verdict = await b.validateBlock(candidate.bytes);
    if (!verdict.ok) throw new Error(`b rejects the block: ${verdict.reason}`);
    const commit = signCommit(a.chainId, candidate, signers);
    let receipts: readonly Receipt[] = [];
    const off = a.onCommitted((c) => {
      receipts = c.receipts;
    });
    await a.commitBlock(candidate, commit);
    off();
    await b.commitBlock(verdict.candidate, commit);
    if (!equalBytes(a.state.root, b.state.root)) throw new Error('state roots differ');
    const broken = a.modules.brokenInvariants(a.state);
    if (broken.length > 0) throw new Error(`invariants broken: ${broken.join('; ')}`);
    return [...receipts];
  };
  return {
    a,
    b,
    genesis,
    async block(txs, advanceMs = 1000, evidence = [], options = {}) {
      const submitted = await submit(txs, options.include ?? 'admit');
      const receipts = await commitNext(advanceMs, evidence);
      const byHash = new Map(receipts.map((r) => [toHex(r.txHash), r]));
      return submitted.map((s): TxResult => {
        if (!(s instanceof Uint8Array)) return s;
        const receipt = byHash.get(toHex(txHash(s)));
        if (receipt === undefined) throw new Error('an admitted transaction is not in the block');
        return {
          refused: false,
          code: receipt.code,
          message: receipt.message,
          fee: receipt.fee,
          receipt,
        };
      });
    },
    read,
    async idle(ms) {
      await commitNext(ms);
    },
    gov: () => decode(governanceStateCodec, read(governanceKeys.state)!),
    proposal: (id) => decode(govProposalCodec, read(governanceKeys.proposal(id))!),
    capture: () => decode(captureCodec, read(governanceKeys.capture)!),
    balance: (address) => {
      const raw = read(accountStateKey(address));
      return raw === undefined ? 0n : decodeAccount(raw).balance;
    },
  };
}

/** Accounts from seed bytes. */
export function accounts(...seeds: number[]): TestAccount[] {
  return seeds.map((s) => testAccount(s));
}

// Test support for governance scenarios: a chain with governance in its genesis, run by two chain
// applications (one proposes, the other validates and commits every block, so each scenario also
// shows that every node reaches the same state), with accounts that track their own nonces and a
// block clock the scenario moves forward to cross voting periods and exit windows.
import { decode } from '../../src/codec/index.ts';
import type { ChainApp, Genesis } from '../../src/chain/index.ts';
import { equalBytes, toHex } from '../../src/lib/index.ts';
import {
  accountStateKey,
  captureCodec,
  decodeAccount,
  defaultGovernanceParams,
  governanceKeys,
  governanceStateCodec,
  govProposalCodec,
  type CaptureSummary,
  type Evidence,
  type GenesisGovernance,
  type GovernanceParams,
  type GovernanceState,
  type GovProposal,
  type Message,
  type Receipt,
} from '../../src/types/index.ts';
import { signedTx, testAccount, type TestAccount } from './chain.ts';
import { openTestApp, signCommit, testGenesis, testValidator } from './chainApp.ts';

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

/** A governed test chain. */
export interface GovChain {
  readonly a: ChainApp;
  readonly b: ChainApp;
  readonly genesis: Genesis;
  /** Signs and submits `messages` from `from` in the next block; returns their receipts. */
  block(
    txs: readonly { from: TestAccount; messages: readonly Message[] }[],
    advanceMs?: number,
    evidence?: readonly Evidence[],
  ): Promise<Receipt[]>;
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
  const nonces = new Map<string, number>();
  const nextNonce = (acc: TestAccount) => {
    const key = toHex(acc.address);
    const n = nonces.get(key) ?? 0;
    nonces.set(key, n + 1);
    return n;
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
    raws: readonly Uint8Array[],
    advanceMs: number,
    evidence: readonly Evidence[] = [],
  ): Promise<Receipt[]> => {
    if (raws.length > 0) {
      const admitted = await a.submitTxs(raws);
      for (const r of admitted)
        if (!r.accepted) throw new Error(`not admitted: ${JSON.stringify(r)}`);
    }
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
    const candidate = await a.proposeBlock({
      proposer: set[tip.height % set.length]!.address,
      timeMs: tip.timeMs + advanceMs,
      lastCommit: a.commitAt(tip.height),
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
    return [...receipts];
  };
  return {
    a,
    b,
    genesis,
    block: (txs, advanceMs = 1000, evidence = []) =>
      commitNext(
        txs.map((t) => signedTx(t.from, t.messages, { nonce: nextNonce(t.from) })),
        advanceMs,
        evidence,
      ),
    read,
    async idle(ms) {
      await commitNext([], ms);
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

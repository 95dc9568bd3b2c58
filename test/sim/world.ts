// The simulated world of a run: validator keys and funded accounts, the genesis, the network, and
// one node per validator key (two for a key run as twins), each with its role.
import type { Genesis } from '../../src/chain/index.ts';
import type { ConsensusConfig } from '../../src/consensus/index.ts';
import { addressOf, type Signer } from '../../src/crypto/index.ts';
import { defaultGovernanceParams } from '../../src/execution/index.ts';
import type { ByzantineStats } from './byzantine.ts';
import { createSimNetwork, type SimNetwork } from './network.ts';
import type { Prng } from './prng.ts';
import type { Scenario } from './scenario.ts';
import type { Scheduler } from './scheduler.ts';
import { createSimNode, type NodeObserver, type NodeRole, type SimNode } from './simNode.ts';
import { traceLogger, type Trace } from './trace.ts';
import { simAccounts, simSigner, type SimAccount } from './txStream.ts';

/** Genesis time of every simulated chain. */
export const simGenesisTimeMs = 1_700_000_000_000;

/** Everything a run simulates. */
export interface World {
  readonly genesis: Genesis;
  readonly accounts: readonly SimAccount[];
  readonly network: SimNetwork;
  readonly nodes: readonly SimNode[];
  readonly byName: ReadonlyMap<string, SimNode>;
  /** Nodes run by honest keys (not Byzantine, not twins): the ones liveness is asked of. */
  readonly honest: readonly SimNode[];
  readonly byzantineStats: ByzantineStats;
}

/** The parties of a scenario: validator keys, funded accounts, and the genesis naming them. */
export interface Parties {
  readonly keys: readonly Signer[];
  readonly accounts: readonly SimAccount[];
  readonly genesis: Genesis;
}

/** The keys, accounts and genesis of a scenario (keys do not depend on the seed). */
export function simParties(scenario: Scenario): Parties {
  const keys = scenario.powers.map((_, i) => simSigner(`validator-${i}`));
  const accounts = simAccounts(scenario.accounts);
  return { keys, accounts, genesis: simGenesis(scenario, keys, accounts) };
}

function simGenesis(
  scenario: Scenario,
  keys: readonly Signer[],
  accounts: readonly SimAccount[],
): Genesis {
  return {
    chainId: 'sim-chain',
    genesisTimeMs: simGenesisTimeMs,
    validators: keys.map((k, i) => ({
      address: addressOf(k.publicKey),
      publicKey: k.publicKey,
      power: scenario.powers[i] ?? 1,
    })),
    accounts: accounts.map((a) => ({ address: a.address, balance: 1_000_000_000n })),
    params: { minGasPrice: 1n, blockTxsMax: 500 },
    ...(scenario.publicChain === true
      ? {
          governance: {
            mode: 'public' as const,
            params: defaultGovernanceParams(),
            stake: [],
            members: [],
            maintainers: [],
            constitution: { hash: new Uint8Array(32), url: '' },
            treasury: 0n,
            development: false,
          },
        }
      : {}),
  };
}

/** Builds the world of `scenario` (nodes not started). */
export function createWorld(input: {
  readonly scenario: Scenario;
  readonly parties: Parties;
  readonly config: ConsensusConfig;
  readonly scheduler: Scheduler;
  readonly prng: Prng;
  readonly observer: NodeObserver;
  readonly trace: Trace;
}): World {
  const { scenario, scheduler, prng } = input;
  const { keys, accounts, genesis } = input.parties;
  const byzantineStats: ByzantineStats = { equivocations: 0, doubleVotes: 0 };
  const nodes: SimNode[] = [];
  const byName = new Map<string, SimNode>();
  const network = createSimNetwork(
    scheduler,
    prng.fork('network'),
    (name) => byName.get(name)?.isUp() === true,
  );
  const startMs = scheduler.now();
  // A node's clock: its small skew, plus its key's wrong clock (which may flip sign mid-run).
  const clockOffsetOf = (name: string, keyIndex: number): (() => number) => {
    const skewMs = scenario.clockSkewMs[name] ?? 0;
    const wrong = scenario.wrongClocks?.[keyIndex];
    if (wrong === undefined) return () => skewMs;
    return () =>
      skewMs +
      (wrong.flipAtMs !== undefined && scheduler.now() - startMs >= wrong.flipAtMs
        ? -wrong.skewMs
        : wrong.skewMs);
  };
  const make = (name: string, keyIndex: number, role: NodeRole): void => {
    const signer = keys[keyIndex];
    if (signer === undefined) throw new Error(`no key ${keyIndex}`);
    const node = createSimNode({
      name,
      keyIndex,
      signer,
      role,
      clockOffsetMs: clockOffsetOf(name, keyIndex),
      genesis,
      config: input.config,
      scheduler,
      network,
      prng: prng.fork(`node ${name}`),
      diskTiming: scenario.disk,
      observer: input.observer,
      byzantineStats,
      ...(input.trace.verbose ? { logger: traceLogger(name, input.trace) } : {}),
    });
    nodes.push(node);
    byName.set(name, node);
  };
  scenario.roles.forEach((role, i) => {
    if (role.kind === 'honest') make(`v${i}`, i, { kind: 'honest' });
    else if (role.kind === 'twins') {
      make(`v${i}`, i, { kind: 'twin' });
      make(`v${i}b`, i, { kind: 'twin' });
    } else make(`v${i}`, i, { kind: 'byzantine', behaviour: role.behaviour });
  });
  return {
    genesis,
    accounts,
    network,
    nodes,
    byName,
    honest: nodes.filter((n) => n.role.kind === 'honest'),
    byzantineStats,
  };
}

// A scenario: everything about a run that is chosen before it starts — validators and powers,
// who is Byzantine and how, the network's faults, partitions and crashes, clock skews, the
// workload — drawn from the seed, so the seed alone replays it. `describeScenario` is the one-line
// summary every failure message carries.
import type { ByzantineBehaviour } from './byzantine.ts';
import type { DiskTiming } from './disk.ts';
import { healthyLinks, type DelayModel, type LinkFaults } from './network.ts';
import { createPrng, type Prng } from './prng.ts';

/** The role of one validator key. */
export type KeyRole =
  | { readonly kind: 'honest' }
  /** Run by two honest drivers at once (node `v{i}` and its twin `v{i}b`). */
  | { readonly kind: 'twins' }
  | { readonly kind: 'byzantine'; readonly behaviour: ByzantineBehaviour };

/** A partition episode: groups of node names that cannot talk across, then it heals. */
export interface PartitionPlan {
  readonly atMs: number;
  readonly durationMs: number;
  readonly groups: readonly (readonly string[])[];
}

/** A crash of one node, restarted after `downMs` (or when the faults stop, whichever is first). */
export interface CrashPlan {
  readonly node: string;
  readonly atMs: number;
  readonly downMs: number;
  /**
   * `time`: at `atMs`; `afterSend`: at the node's first message sent after `atMs`; `midWrite`:
   * half-way through the node's first disk operation after `atMs` (a torn write).
   */
  readonly trigger: 'time' | 'afterSend' | 'midWrite';
}

/**
 * A validator whose clock is wrong (a fault, counted in the faulty third): `skewMs` ahead of the
 * simulated time (behind when negative) from the start, and the opposite from `flipAtMs` on.
 */
export interface WrongClock {
  readonly skewMs: number;
  readonly flipAtMs?: number;
}

/** Families of scenarios the command line can replay (`--scenario NAME --seed S`). */
export const scenarioKinds = ['sweep', 'fork', 'clocks'] as const;
/** A family of scenarios. */
export type ScenarioKind = (typeof scenarioKinds)[number];

/** Everything a run is made of. */
export interface Scenario {
  readonly kind: ScenarioKind;
  readonly seed: number;
  readonly powers: readonly number[];
  readonly roles: readonly KeyRole[];
  /** Link faults while faults are on; after that the network is healthy. */
  readonly links: LinkFaults;
  readonly partitions: readonly PartitionPlan[];
  readonly crashes: readonly CrashPlan[];
  /** Clock offset per node name (small: the honest clocks' spread). */
  readonly clockSkewMs: Readonly<Record<string, number>>;
  /**
   * Keys whose clocks are wrong, by key index (both twins of a key share it): faults, so they
   * count towards the faulty third, and the block-time check leaves them out of the honest range.
   */
  readonly wrongClocks?: Readonly<Record<number, WrongClock>>;
  /** Faults are on from the start for this long (simulated ms); then the network heals. */
  readonly faultsMs: number;
  /** Heights the chain must advance by after healing... */
  readonly livenessHeights: number;
  /** Mean time between submitted transactions (0: no transactions). */
  readonly txIntervalMs: number;
  readonly accounts: number;
  readonly disk: DiskTiming;
  /**
   * Round timeouts as a fraction of the defaults: short ones against slow links force many
   * rounds, locks and re-proposals.
   */
  readonly timeoutScale: number;
  /** True when Byzantine keys may hold a third of the power or more (the fork test). */
  readonly unsafe: boolean;
  /** A public chain (bonded stake, slashing) instead of one without governance. */
  readonly publicChain?: boolean;
  /**
   * Nodes whose pool also receives, now and then, a transaction certain to fail that skipped
   * admission (as a Byzantine proposer's would): a delete of a record that was never written.
   */
  readonly doomedTxsTo?: readonly string[];
}

/** Node names of a key: `v{i}`, plus `v{i}b` for a twin. */
export function nodeNamesOf(roles: readonly KeyRole[]): string[] {
  const names: string[] = [];
  roles.forEach((role, i) => {
    names.push(`v${i}`);
    if (role.kind === 'twins') names.push(`v${i}b`);
  });
  return names;
}

/** The key index of a node name (`v3` and its twin `v3b` are key 3). */
export function keyIndexOf(name: string): number {
  return Number(/^v(\d+)b?$/.exec(name)?.[1] ?? -1);
}

/** Power held by keys that are not honest or whose clocks are wrong. */
export function faultyPower(s: Pick<Scenario, 'powers' | 'roles' | 'wrongClocks'>): number {
  return s.roles.reduce(
    (sum, r, i) =>
      sum + (r.kind === 'honest' && s.wrongClocks?.[i] === undefined ? 0 : (s.powers[i] ?? 0)),
    0,
  );
}

/** Whether a key's clock is right: an honest key whose clock is not wrong. */
export function rightClock(s: Pick<Scenario, 'roles' | 'wrongClocks'>, keyIndex: number): boolean {
  return s.roles[keyIndex]?.kind === 'honest' && s.wrongClocks?.[keyIndex] === undefined;
}

/** Byzantine time: how far (ms) a liar moves the time of every vote it signs. */
const timeLies = [-3_600_000, -10_000, 10_000, 3_600_000, 86_400_000] as const;

/**
 * Time faults, drawn after everything else so a seed's other choices stay as they were: a liar's
 * offset for some Byzantine keys, and wrong clocks (±10 s, sometimes flipping sign) for honest keys
 * within what is left of the faulty third.
 */
function drawTimeFaults(
  prng: Prng,
  powers: readonly number[],
  roles: readonly KeyRole[],
  faultsMs: number,
): { roles: KeyRole[]; wrongClocks: Record<number, WrongClock> } {
  const out: KeyRole[] = roles.map((r) =>
    r.kind === 'byzantine' && prng.chance(0.5)
      ? { ...r, behaviour: { ...r.behaviour, timeLieMs: prng.pick(timeLies) } }
      : r,
  );
  const wrongClocks: Record<number, WrongClock> = {};
  if (powers.length < 2 || !prng.chance(0.3)) return { roles: out, wrongClocks };
  const total = powers.reduce((a, b) => a + b, 0);
  let faulty = faultyPower({ powers, roles: out, wrongClocks });
  for (const i of prng.shuffle(powers.map((_, i) => i))) {
    const power = powers[i] ?? 0;
    if (out[i]?.kind !== 'honest' || 3 * (faulty + power) >= total) continue;
    faulty += power;
    wrongClocks[i] = {
      skewMs: prng.chance(0.5) ? 10_000 : -10_000,
      ...(prng.chance(0.5) ? { flipAtMs: prng.int(faultsMs) } : {}),
    };
    if (!prng.chance(0.3)) break;
  }
  return { roles: out, wrongClocks };
}

/** Validator counts the sweep draws from. */
export const validatorCounts = [1, 2, 3, 4, 5, 7] as const;

/** Optional constraints on a drawn scenario. */
export interface ScenarioOverrides {
  readonly validators?: number;
  readonly faultsMs?: number;
}

function drawPowers(prng: Prng, n: number): number[] {
  const style = prng.int(3);
  if (style === 0) return Array.from({ length: n }, () => 10);
  if (style === 1) return Array.from({ length: n }, () => prng.range(1, 20));
  // One heavy validator among light ones (but none holding two thirds alone when n > 1).
  const powers = Array.from({ length: n }, () => prng.range(1, 5));
  const light = powers.reduce((a, b) => a + b, 0);
  powers[prng.int(n)] = Math.max(1, Math.min(light, prng.range(5, 30)));
  return powers;
}

function drawDelay(prng: Prng): DelayModel {
  switch (prng.int(3)) {
    case 0:
      return { kind: 'uniform', minMs: prng.range(1, 10), maxMs: prng.range(20, 200) };
    case 1:
      return { kind: 'exponential', minMs: prng.range(1, 5), meanMs: prng.range(10, 120) };
    default:
      return {
        kind: 'bimodal',
        fastMs: prng.range(5, 40),
        slowMs: prng.range(200, 1500),
        slowP: prng.range(2, 20) / 100,
      };
  }
}

function drawRoles(prng: Prng, powers: readonly number[]): KeyRole[] {
  const roles: KeyRole[] = powers.map(() => ({ kind: 'honest' }));
  if (powers.length < 2 || !prng.chance(0.55)) return roles;
  const total = powers.reduce((a, b) => a + b, 0);
  let faulty = 0;
  for (const i of prng.shuffle(powers.map((_, i) => i))) {
    const power = powers[i] ?? 0;
    // Strictly less than a third of the power may be faulty.
    if (3 * (faulty + power) >= total) continue;
    faulty += power;
    roles[i] = prng.chance(0.35)
      ? { kind: 'twins' }
      : {
          kind: 'byzantine',
          behaviour: {
            equivocate: prng.chance(0.7),
            doubleVote: prng.chance(0.7),
            bothP: prng.range(10, 60) / 100,
            invalidP: prng.chance(0.5) ? 0 : 0.3,
          },
        };
    if (!prng.chance(0.4)) break;
  }
  return roles;
}

function drawGroups(prng: Prng, names: readonly string[]): string[][] {
  const shuffled = prng.shuffle(names);
  if (prng.chance(0.3) || names.length < 3) {
    // Isolate one node.
    return [shuffled.slice(0, 1), shuffled.slice(1)];
  }
  const groupCount = names.length >= 5 && prng.chance(0.3) ? 3 : 2;
  const groups: string[][] = Array.from({ length: groupCount }, () => []);
  shuffled.forEach((name, i) => {
    const group = i < groupCount ? i : prng.int(groupCount);
    groups[group]?.push(name);
  });
  return groups;
}

/** Draws the scenario of a seed. */
export function chooseScenario(seed: number, overrides: ScenarioOverrides = {}): Scenario {
  const prng = createPrng(seed).fork('scenario');
  const n = overrides.validators ?? prng.pick(validatorCounts);
  const powers = drawPowers(prng, n);
  const roles = drawRoles(prng, powers);
  const names = nodeNamesOf(roles);
  const faultsMs = overrides.faultsMs ?? prng.range(4_000, 12_000);
  const links: LinkFaults = {
    delay: drawDelay(prng),
    lossP: prng.chance(0.5) ? prng.range(1, 30) / 100 : 0,
    duplicateP: prng.chance(0.4) ? prng.range(1, 20) / 100 : 0,
    reorderP: prng.chance(0.4) ? prng.range(5, 30) / 100 : 0,
    reorderExtraMs: prng.range(50, 800),
  };
  const partitions: PartitionPlan[] = [];
  if (names.length > 1 && prng.chance(0.5)) {
    const count = prng.range(1, 3);
    for (let i = 0; i < count; i++) {
      const atMs = prng.int(faultsMs);
      partitions.push({
        atMs,
        durationMs: Math.min(faultsMs - atMs, prng.range(300, 6_000)),
        groups: drawGroups(prng, names),
      });
    }
    partitions.sort((a, b) => a.atMs - b.atMs);
  }
  const crashes: CrashPlan[] = [];
  if (prng.chance(0.55)) {
    const count = prng.range(1, 3);
    for (let i = 0; i < count; i++) {
      crashes.push({
        node: prng.pick(names),
        atMs: prng.int(faultsMs),
        downMs: prng.chance(0.2) ? prng.range(1, 50) : prng.range(100, 5_000),
        trigger: prng.pick(['time', 'time', 'afterSend', 'afterSend', 'midWrite'] as const),
      });
    }
  }
  const clockSkewMs: Record<string, number> = {};
  const skewed = prng.chance(0.5);
  for (const name of names) clockSkewMs[name] = skewed ? prng.range(-300, 300) : 0;
  const timeFaults = drawTimeFaults(prng, powers, roles, faultsMs);
  return {
    kind: 'sweep',
    seed,
    powers,
    roles: timeFaults.roles,
    wrongClocks: timeFaults.wrongClocks,
    links,
    partitions,
    crashes,
    clockSkewMs,
    faultsMs,
    livenessHeights: 3,
    txIntervalMs: prng.chance(0.15) ? 0 : prng.range(100, 800),
    accounts: prng.range(2, 8),
    disk: { writeMs: [0, 2], syncMs: [1, prng.range(2, 12)] },
    timeoutScale: prng.chance(0.5) ? 1 : prng.range(25, 150) / 100,
    unsafe: false,
  };
}

/** A healthy link setting, for scenarios built by hand. */
export const noLinkFaults: LinkFaults = healthyLinks;

/** The one-line description of a scenario, for failure messages. */
export function describeScenario(s: Scenario): string {
  const roles = s.roles
    .map((r, i) =>
      r.kind === 'honest'
        ? undefined
        : r.kind === 'twins'
          ? `v${i}:twins`
          : `v${i}:byzantine(${[r.behaviour.equivocate ? 'equivocate' : '', r.behaviour.doubleVote ? 'double-vote' : '', r.behaviour.timeLieMs === undefined ? '' : `time${r.behaviour.timeLieMs > 0 ? '+' : ''}${r.behaviour.timeLieMs}ms`].filter((x) => x !== '').join('+') || 'passive'})`,
    )
    .filter((x) => x !== undefined);
  const clocks = Object.entries(s.wrongClocks ?? {}).map(
    ([i, c]) =>
      `v${i}:${c.skewMs > 0 ? '+' : ''}${c.skewMs}ms${c.flipAtMs === undefined ? '' : `,flip@${c.flipAtMs}ms`}`,
  );
  const d = s.links.delay;
  const delay =
    d.kind === 'uniform'
      ? `uniform(${d.minMs}..${d.maxMs}ms)`
      : d.kind === 'exponential'
        ? `exp(min ${d.minMs}ms, mean ${d.meanMs}ms)`
        : `bimodal(fast ≤${d.fastMs}ms, ${Math.round(d.slowP * 100)}% slow ≥${d.slowMs}ms)`;
  const parts = [
    `N=${s.powers.length}`,
    `powers=[${s.powers.join(',')}]`,
    `faulty=[${roles.join(',')}]`,
    ...(clocks.length > 0 ? [`wrongClocks=[${clocks.join(',')}]`] : []),
    `delay=${delay}`,
    `loss=${s.links.lossP}`,
    `dup=${s.links.duplicateP}`,
    `reorder=${s.links.reorderP}`,
    `partitions=${s.partitions.length}`,
    `crashes=${s.crashes.length}`,
    `faults for ${s.faultsMs}ms`,
    `timeouts×${s.timeoutScale}`,
  ];
  return parts.join(' ');
}

/**
 * The fork scenario: keys 2 and 3 of four equal validators (half of the power, more than the
 * third BFT tolerates) each run as twins, and a partition puts one twin of each on either side,
 * so both sides hold +2/3 and finalise their own blocks. The checker must report the fork.
 */
export function forkScenario(seed: number): Scenario {
  const base = chooseScenario(seed, { validators: 4, faultsMs: 8_000 });
  const roles: KeyRole[] = [
    { kind: 'honest' },
    { kind: 'honest' },
    { kind: 'twins' },
    { kind: 'twins' },
  ];
  const clockSkewMs: Record<string, number> = {};
  // Distinct clocks give the twins' votes distinct times, so the two sides' commits, and with
  // them the next blocks' times, differ.
  nodeNamesOf(roles).forEach((name, i) => (clockSkewMs[name] = 7 * i));
  return {
    ...base,
    kind: 'fork',
    powers: [10, 10, 10, 10],
    roles,
    partitions: [
      {
        atMs: 0,
        durationMs: 8_000,
        groups: [
          ['v0', 'v2', 'v3'],
          ['v1', 'v2b', 'v3b'],
        ],
      },
    ],
    crashes: [],
    clockSkewMs,
    wrongClocks: {},
    txIntervalMs: 200,
    unsafe: true,
  };
}

/**
 * The clocks scenario: seven equal validators, two of them faulty about time (at most a third of
 * the power): v5's clock runs 10 s fast, then 10 s slow (or the reverse) from the middle of the
 * faults, and v6 is Byzantine, signing every vote with a time an hour (or a day) off, into the
 * future or the past. The honest clocks differ by up to ±300 ms. Block times must stay within the
 * honest clocks' range (the time invariant) while everything else the sweep draws goes on.
 */
export function clocksScenario(seed: number): Scenario {
  const base = chooseScenario(seed, { validators: 7 });
  const prng = createPrng(seed).fork('clocks');
  const skew = prng.chance(0.5) ? 10_000 : -10_000;
  const roles: KeyRole[] = [
    ...Array.from({ length: 6 }, (): KeyRole => ({ kind: 'honest' })),
    {
      kind: 'byzantine',
      behaviour: {
        equivocate: prng.chance(0.5),
        doubleVote: prng.chance(0.5),
        bothP: 0.3,
        invalidP: 0,
        timeLieMs: prng.pick(timeLies),
      },
    },
  ];
  const clockSkewMs: Record<string, number> = {};
  for (const name of nodeNamesOf(roles)) clockSkewMs[name] = prng.range(-300, 300);
  return {
    ...base,
    kind: 'clocks',
    powers: Array.from({ length: 7 }, () => 10),
    roles,
    clockSkewMs,
    wrongClocks: { 5: { skewMs: skew, flipAtMs: Math.floor(base.faultsMs / 2) } },
    crashes: base.crashes.map((c) => ({ ...c, node: `v${prng.int(7)}` })),
    partitions: base.partitions.map((p) => ({
      ...p,
      groups: drawGroups(prng, nodeNamesOf(roles)),
    })),
    unsafe: false,
  };
}

/** The scenario of a family and a seed. */
export function scenarioOf(kind: ScenarioKind, seed: number): Scenario {
  return kind === 'fork'
    ? forkScenario(seed)
    : kind === 'clocks'
      ? clocksScenario(seed)
      : chooseScenario(seed);
}

/** The command that replays a scenario. */
export function replayCommand(s: Pick<Scenario, 'kind' | 'seed'>): string {
  const family = s.kind === 'sweep' ? '' : ` --scenario ${s.kind}`;
  return `npm run test:sim -- --seed ${s.seed}${family}`;
}

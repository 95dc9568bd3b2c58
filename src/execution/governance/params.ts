// Governance parameters: the defaults of docs/spec/governance.md, and their JSON form (genesis.json,
// `polity gov propose rules`, the API), parsed with every field checked. Whether parameters keep
// governance's invariants is policy.ts's check (`checkGovernanceParams`).
import { governanceErrors } from './errors.ts';
import {
  chambers,
  proposalKinds,
  type Chamber,
  type GovernanceParams,
  type KindPolicy,
  type Threshold,
} from './types.ts';

const day = 24 * 60 * 60 * 1000;
/** Longest an emergency action may last without ratification. */
export const emergencyExpiryMaxMs = 7 * day;
/** Upper bound on any period, so every deadline stays a safe integer far into the future. */
export const governancePeriodMaxMs = 365 * day;
/** The highest validator power cap: below 1/3, so no validator can halt the chain alone. */
export const validatorPowerCapBpsMax = 3333;

/** Distinct entities that must vote yes in each chamber, by default (the least outside dev chains). */
export const yesEntitiesMinDefault = 3;
/** The least `yesEntitiesMin` any chain may have (dev chains included): one party never suffices. */
export const yesEntitiesMinFloor = 2;

const majority: Threshold = { bps: 5000, strict: true };
const twoThirds: Threshold = { bps: 6667, strict: false };
const eighty: Threshold = { bps: 8000, strict: false };

function policy(
  chambersOf: readonly Chamber[],
  approval: Threshold,
  exitWindowMs: number,
  extra: Partial<KindPolicy> = {},
): KindPolicy {
  return {
    chambers: chambersOf,
    rule: 'all',
    approval,
    vetoBps: undefined,
    depositMin: 1_000_000n,
    votingPeriodMs: 7 * day,
    exitWindowMs,
    expiryMs: undefined,
    yesEntitiesMin: yesEntitiesMinDefault,
    ...extra,
  };
}

/** The defaults of docs/spec/governance.md, for a given unbonding period. */
export function defaultGovernanceParams(unbondingPeriodMs = 21 * day): GovernanceParams {
  return {
    policies: {
      signal: policy(['stake', 'members', 'maintainers'], majority, 0, {
        rule: 'any',
        depositMin: 100_000n,
      }),
      parameter: policy(['stake', 'members'], majority, 2 * day, { vetoBps: 3340 }),
      treasury: policy(['members'], majority, 2 * day),
      admission: policy(['stake', 'members'], twoThirds, day),
      election: policy(['members'], majority, 0),
      upgrade: policy(['stake', 'members', 'maintainers'], twoThirds, unbondingPeriodMs),
      irregular: policy(['stake', 'members', 'maintainers'], eighty, 2 * unbondingPeriodMs),
      emergency: policy(['maintainers', 'stake'], twoThirds, 0, {
        votingPeriodMs: day,
        expiryMs: emergencyExpiryMaxMs,
      }),
      rules: policy(['stake', 'members', 'maintainers'], eighty, 2 * unbondingPeriodMs),
    },
    entityCapBps: { stake: 2000, members: 2000, maintainers: 10_000 },
    quorum: {
      stake: { minBps: 2000, maxBps: 5000 },
      members: { minBps: 1000, maxBps: 4000 },
      maintainers: { minBps: 5000, maxBps: 5000 },
    },
    captureFloor: { nakamotoMin: 3, votingPeriodFactor: 2, approvalAddBps: 1000 },
    treasuryStakeAbove: 1_000_000_000n,
    unbondingPeriodMs,
    maintainerSeats: 5,
    maintainerTermMs: 180 * day,
    maintainerConsecutiveTermsMax: 2,
    validatorPowerCapBps: validatorPowerCapBpsMax,
  };
}

/** A kind's policy as JSON. */
export function policyToJson(p: KindPolicy): Record<string, unknown> {
  return {
    chambers: p.chambers,
    rule: p.rule,
    approval: { bps: p.approval.bps, strict: p.approval.strict },
    vetoBps: p.vetoBps ?? null,
    depositMin: p.depositMin.toString(),
    votingPeriodMs: p.votingPeriodMs,
    exitWindowMs: p.exitWindowMs,
    expiryMs: p.expiryMs ?? null,
    yesEntitiesMin: p.yesEntitiesMin,
  };
}

/** Governance parameters as JSON. */
export function governanceParamsToJson(p: GovernanceParams): Record<string, unknown> {
  return {
    policies: Object.fromEntries(proposalKinds.map((k) => [k, policyToJson(p.policies[k])])),
    entityCapBps: { ...p.entityCapBps },
    quorum: {
      stake: { ...p.quorum.stake },
      members: { ...p.quorum.members },
      maintainers: { ...p.quorum.maintainers },
    },
    captureFloor: { ...p.captureFloor },
    treasuryStakeAbove: p.treasuryStakeAbove.toString(),
    unbondingPeriodMs: p.unbondingPeriodMs,
    maintainerSeats: p.maintainerSeats,
    maintainerTermMs: p.maintainerTermMs,
    maintainerConsecutiveTermsMax: p.maintainerConsecutiveTermsMax,
    validatorPowerCapBps: p.validatorPowerCapBps,
  };
}

function bad(path: string, what: string): Error {
  return governanceErrors.invalid_governance_params({ path, what });
}

type Json = Readonly<Record<string, unknown>>;

function objectAt(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad(path, 'must be an object');
  return value as Json;
}

function intAt(value: unknown, path: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max)
    throw bad(path, `must be an integer from 0 to ${max}`);
  return value;
}

function amountAt(value: unknown, path: string): bigint {
  if (typeof value !== 'string' || !/^[0-9]{1,20}$/.test(value) || BigInt(value) >= 1n << 64n)
    throw bad(path, 'must be a decimal string below 2^64');
  return BigInt(value);
}

function knownKeys(obj: Json, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(obj))
    if (!allowed.includes(key)) throw bad(`${path}.${key}`, 'is not a parameter');
}

function policyFromJson(json: unknown, base: KindPolicy, path: string): KindPolicy {
  const o = objectAt(json, path);
  knownKeys(
    o,
    [
      'chambers',
      'rule',
      'approval',
      'vetoBps',
      'depositMin',
      'votingPeriodMs',
      'exitWindowMs',
      'expiryMs',
      'yesEntitiesMin',
    ],
    path,
  );
  let chambersOf = base.chambers;
  if (o['chambers'] !== undefined) {
    const list = o['chambers'];
    if (!Array.isArray(list) || list.some((c) => !chambers.includes(c as Chamber)))
      throw bad(`${path}.chambers`, `must list chambers among ${chambers.join(', ')}`);
    chambersOf = list as Chamber[];
  }
  let rule = base.rule;
  if (o['rule'] !== undefined) {
    if (o['rule'] !== 'all' && o['rule'] !== 'any')
      throw bad(`${path}.rule`, 'must be "all" or "any"');
    rule = o['rule'];
  }
  let approval = base.approval;
  if (o['approval'] !== undefined) {
    const a = objectAt(o['approval'], `${path}.approval`);
    knownKeys(a, ['bps', 'strict'], `${path}.approval`);
    const strict = a['strict'] ?? base.approval.strict;
    if (typeof strict !== 'boolean') throw bad(`${path}.approval.strict`, 'must be true or false');
    approval = {
      bps: intAt(a['bps'] ?? base.approval.bps, `${path}.approval.bps`, 10_000),
      strict,
    };
  }
  const optional = (key: string, current: number | undefined, max: number) => {
    const v = o[key];
    if (v === undefined) return current;
    return v === null ? undefined : intAt(v, `${path}.${key}`, max);
  };
  return {
    chambers: chambersOf,
    rule,
    approval,
    vetoBps: optional('vetoBps', base.vetoBps, 10_000),
    depositMin:
      o['depositMin'] === undefined
        ? base.depositMin
        : amountAt(o['depositMin'], `${path}.depositMin`),
    votingPeriodMs:
      o['votingPeriodMs'] === undefined
        ? base.votingPeriodMs
        : intAt(o['votingPeriodMs'], `${path}.votingPeriodMs`),
    exitWindowMs:
      o['exitWindowMs'] === undefined
        ? base.exitWindowMs
        : intAt(o['exitWindowMs'], `${path}.exitWindowMs`),
    expiryMs: optional('expiryMs', base.expiryMs, Number.MAX_SAFE_INTEGER),
    yesEntitiesMin:
      o['yesEntitiesMin'] === undefined
        ? base.yesEntitiesMin
        : intAt(o['yesEntitiesMin'], `${path}.yesEntitiesMin`, 64),
  };
}

function perChamberFromJson<T>(
  json: unknown,
  base: Readonly<Record<Chamber, T>>,
  path: string,
  each: (value: unknown, base: T, path: string) => T,
): Record<Chamber, T> {
  const o = objectAt(json, path);
  knownKeys(o, chambers, path);
  return {
    stake: o['stake'] === undefined ? base.stake : each(o['stake'], base.stake, `${path}.stake`),
    members:
      o['members'] === undefined
        ? base.members
        : each(o['members'], base.members, `${path}.members`),
    maintainers:
      o['maintainers'] === undefined
        ? base.maintainers
        : each(o['maintainers'], base.maintainers, `${path}.maintainers`),
  };
}

/**
 * Parses governance parameters from JSON over `base`: any field left out keeps its base value, so
 * a genesis or a proposal states only what it changes. Unknown fields are refused.
 */
export function governanceParamsFromJson(json: unknown, base: GovernanceParams): GovernanceParams {
  const o = objectAt(json, 'params');
  knownKeys(
    o,
    [
      'policies',
      'entityCapBps',
      'quorum',
      'captureFloor',
      'treasuryStakeAbove',
      'unbondingPeriodMs',
      'maintainerSeats',
      'maintainerTermMs',
      'maintainerConsecutiveTermsMax',
      'validatorPowerCapBps',
    ],
    'params',
  );
  let policies = base.policies;
  if (o['policies'] !== undefined) {
    const p = objectAt(o['policies'], 'params.policies');
    knownKeys(p, proposalKinds, 'params.policies');
    policies = Object.fromEntries(
      proposalKinds.map((k) => [
        k,
        p[k] === undefined
          ? base.policies[k]
          : policyFromJson(p[k], base.policies[k], `params.policies.${k}`),
      ]),
    ) as unknown as GovernanceParams['policies'];
  }
  const floorJson =
    o['captureFloor'] === undefined ? {} : objectAt(o['captureFloor'], 'params.captureFloor');
  knownKeys(
    floorJson,
    ['nakamotoMin', 'votingPeriodFactor', 'approvalAddBps'],
    'params.captureFloor',
  );
  const int = (key: string, current: number) =>
    o[key] === undefined ? current : intAt(o[key], `params.${key}`);
  return {
    policies,
    entityCapBps:
      o['entityCapBps'] === undefined
        ? base.entityCapBps
        : perChamberFromJson(
            o['entityCapBps'],
            base.entityCapBps,
            'params.entityCapBps',
            (v, _b, path) => intAt(v, path, 10_000),
          ),
    quorum:
      o['quorum'] === undefined
        ? base.quorum
        : perChamberFromJson(o['quorum'], base.quorum, 'params.quorum', (v, b, path) => {
            const q = objectAt(v, path);
            knownKeys(q, ['minBps', 'maxBps'], path);
            return {
              minBps:
                q['minBps'] === undefined ? b.minBps : intAt(q['minBps'], `${path}.minBps`, 10_000),
              maxBps:
                q['maxBps'] === undefined ? b.maxBps : intAt(q['maxBps'], `${path}.maxBps`, 10_000),
            };
          }),
    captureFloor: {
      nakamotoMin:
        floorJson['nakamotoMin'] === undefined
          ? base.captureFloor.nakamotoMin
          : intAt(floorJson['nakamotoMin'], 'params.captureFloor.nakamotoMin'),
      votingPeriodFactor:
        floorJson['votingPeriodFactor'] === undefined
          ? base.captureFloor.votingPeriodFactor
          : intAt(floorJson['votingPeriodFactor'], 'params.captureFloor.votingPeriodFactor'),
      approvalAddBps:
        floorJson['approvalAddBps'] === undefined
          ? base.captureFloor.approvalAddBps
          : intAt(floorJson['approvalAddBps'], 'params.captureFloor.approvalAddBps', 10_000),
    },
    treasuryStakeAbove:
      o['treasuryStakeAbove'] === undefined
        ? base.treasuryStakeAbove
        : amountAt(o['treasuryStakeAbove'], 'params.treasuryStakeAbove'),
    unbondingPeriodMs: int('unbondingPeriodMs', base.unbondingPeriodMs),
    maintainerSeats: int('maintainerSeats', base.maintainerSeats),
    maintainerTermMs: int('maintainerTermMs', base.maintainerTermMs),
    maintainerConsecutiveTermsMax: int(
      'maintainerConsecutiveTermsMax',
      base.maintainerConsecutiveTermsMax,
    ),
    validatorPowerCapBps:
      o['validatorPowerCapBps'] === undefined
        ? base.validatorPowerCapBps
        : intAt(o['validatorPowerCapBps'], 'params.validatorPowerCapBps', 10_000),
  };
}

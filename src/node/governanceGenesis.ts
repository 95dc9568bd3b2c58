// The governance section of the genesis that `polity dev` and `polity testnet init` write: every
// funded development account is a stake holder (its own entity), a member, and — up to the
// council's seats — a maintainer, and the treasury starts funded. "fast" periods (dev chains, and
// testnets made with --governance fast) let a whole proposal lifecycle run in a few minutes; they
// still keep every invariant (the exit windows of upgrades and rules changes are at least the
// unbonding period). Fast: 60 s votes, 6 s exit windows; instant: 10 s votes, 1 s windows.
import { sha256 } from '../crypto/index.ts';
import { utf8 } from '../lib/index.ts';
import {
  defaultGovernanceParams,
  yesEntitiesMinFloor,
  type GenesisGovernance,
  type GovernanceParams,
} from '../execution/index.ts';

/** How long governance periods are. */
export const governancePeriods = ['instant', 'fast', 'standard'] as const;
/** How long governance periods are: seconds, minutes, or the defaults (days). */
export type GovernancePeriods = (typeof governancePeriods)[number];

const second = 1000;

// instant: a lifecycle in about ten seconds (demos, end-to-end tests); fast: a few minutes.
function shortParams(scale: number): GovernanceParams {
  const unbondingPeriodMs = 3 * scale;
  const base = defaultGovernanceParams(unbondingPeriodMs);
  const p = base.policies;
  const fast = (kind: keyof GovernanceParams['policies'], exitWindowMs: number) => ({
    ...p[kind],
    votingPeriodMs: 10 * scale,
    exitWindowMs,
    depositMin: 1000n,
    expiryMs: p[kind].expiryMs === undefined ? undefined : 30 * scale,
  });
  return {
    ...base,
    policies: {
      signal: fast('signal', 0),
      parameter: fast('parameter', scale),
      treasury: fast('treasury', scale),
      admission: fast('admission', scale),
      election: fast('election', 0),
      upgrade: fast('upgrade', unbondingPeriodMs),
      irregular: fast('irregular', 2 * unbondingPeriodMs),
      emergency: fast('emergency', 0),
      rules: fast('rules', 2 * unbondingPeriodMs),
    },
    // Terms stay long: a dev chain's council should not vacate while someone tries it out.
    maintainerTermMs: 30 * 24 * 60 * 60 * 1000,
  };
}

/** Governance for a development chain whose accounts are `addresses`. */
export function developmentGovernance(
  addresses: readonly Uint8Array[],
  periods: GovernancePeriods,
  mode: 'consortium' | 'public' = 'consortium',
): GenesisGovernance {
  const params =
    periods === 'standard'
      ? defaultGovernanceParams()
      : shortParams(periods === 'fast' ? 6 * second : second);
  return {
    mode,
    // A handful of equal development accounts is as spread as such a chain gets: the floor is set
    // at two entities, so protocol kinds are not tightened on every dev chain.
    // Two distinct entities voting yes per chamber is the least any chain allows (three outside
    // development chains); a dev chain's four accounts can then try every kind with two of them.
    params: {
      ...params,
      captureFloor: { ...params.captureFloor, nakamotoMin: 2 },
      policies: Object.fromEntries(
        Object.entries(params.policies).map(([kind, p]) => [
          kind,
          { ...p, yesEntitiesMin: yesEntitiesMinFloor },
        ]),
      ) as unknown as GovernanceParams['policies'],
    },
    // A public chain's stake chamber is its bonded stake (the genesis validators', then anyone's).
    stake:
      mode === 'public'
        ? []
        : addresses.map((holder, i) => ({ holder, entity: `org-${i}`, weight: 100n })),
    members: [...addresses],
    maintainers: addresses.slice(0, params.maintainerSeats),
    constitution: {
      hash: sha256(utf8('Polity development chain: no constitution; anything goes.')),
      url: '',
    },
    treasury: 1_000_000_000_000n,
    development: true,
  };
}

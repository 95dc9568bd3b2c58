// Software upgrades at a height. A passed `upgrade` proposal schedules a named upgrade from a
// height; the first block at or after it runs the upgrade's migration before its transactions and
// records it as applied. A build that does not know the name cannot execute that block: it refuses
// with `upgrade_required` (and its node stops, telling the operator what to run), so old and new
// builds never disagree silently — the old one stops instead of forking.
import type { PolityError } from '../../lib/index.ts';
import type { StateOverlay, StateReader } from '../overlay.ts';
import { governanceErrors } from './errors.ts';
import { readGovState, writeGovState } from './store.ts';
import type { GovernanceState } from './state.ts';

/** A migration: deterministic changes to state at the upgrade's height. */
export type Migration = (state: StateOverlay, gov: GovernanceState) => GovernanceState;

/**
 * The upgrades this build can run, by name. Each is part of the protocol from its height on; a
 * name is never reused.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  // The first protocol change shipped through governance: signals become cheaper to submit (their
  // minimum deposit halves), an example of a change every node makes at the same height.
  'v0.2-signal-deposit': (_state, gov) => ({
    ...gov,
    params: {
      ...gov.params,
      policies: {
        ...gov.params.policies,
        signal: {
          ...gov.params.policies.signal,
          depositMin: gov.params.policies.signal.depositMin / 2n,
        },
      },
    },
  }),
};

/** Every upgrade this build knows. */
export const knownUpgrades: ReadonlySet<string> = new Set(Object.keys(migrations));

/** The typed refusal of a build that cannot run a scheduled upgrade. */
export function upgradeRequired(name: string, version: string, height: number): PolityError {
  return governanceErrors.upgrade_required({ name, version, height });
}

/** The scheduled upgrade that stops this build before `height`, if any. */
export function blockingUpgrade(
  state: StateReader,
  height: number,
  known: ReadonlySet<string>,
): PolityError | undefined {
  const upgrade = readGovState(state)?.upgrade;
  if (upgrade === undefined || height < upgrade.height || known.has(upgrade.name)) return undefined;
  return upgradeRequired(upgrade.name, upgrade.version, upgrade.height);
}

/** Runs the scheduled upgrade if `height` reached it (throws `upgrade_required` if unknown here). */
export function applyScheduledUpgrade(
  state: StateOverlay,
  height: number,
  known: ReadonlySet<string>,
): void {
  const gov = readGovState(state);
  const upgrade = gov?.upgrade;
  if (gov === undefined || upgrade === undefined || height < upgrade.height) return;
  const migration = known.has(upgrade.name) ? migrations[upgrade.name] : undefined;
  if (migration === undefined) throw upgradeRequired(upgrade.name, upgrade.version, upgrade.height);
  const migrated = migration(state, gov);
  writeGovState(state, {
    ...migrated,
    upgrade: undefined,
    applied: [
      ...migrated.applied,
      { name: upgrade.name, height, proposal: upgrade.proposal },
    ].slice(-64),
  });
}

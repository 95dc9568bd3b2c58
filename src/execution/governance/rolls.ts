// Who votes in each chamber, with what weight, for which entity, following whom. Consortium chains
// keep an explicit stake roll (organisations' weights, changed by admission proposals); public
// chains count validators' voting power until bonded stake with delegation lands (ADR 0014).
import { equalBytes, toHex } from '../../lib/index.ts';
import type { Chamber, GovernanceState, Validator } from '../../types/index.ts';
import type { StateReader } from '../overlay.ts';
import type { Voter } from './tally.ts';
import { readMemberDelegate, readMemberRoll, readStakeRoll } from './store.ts';

/** A chamber's voters and the address behind each voter id. */
export interface ChamberRoll {
  readonly voters: readonly Voter[];
  readonly addresses: ReadonlyMap<string, Uint8Array>;
}

function rollOf(entries: readonly { address: Uint8Array; voter: Voter }[]): ChamberRoll {
  return {
    voters: entries.map((e) => e.voter),
    addresses: new Map(entries.map((e) => [e.voter.id, e.address])),
  };
}

/** The voters of `chamber` now. */
export function chamberRoll(
  state: StateReader,
  gov: GovernanceState,
  chamber: Chamber,
  validators: readonly Validator[],
): ChamberRoll {
  switch (chamber) {
    case 'stake':
      if (gov.mode === 'consortium') {
        return rollOf(
          readStakeRoll(state).map((h) => ({
            address: h.holder,
            voter: { id: toHex(h.holder), entity: h.entity, weight: h.weight, delegate: undefined },
          })),
        );
      }
      return rollOf(
        validators.map((v) => {
          const id = toHex(v.address);
          return {
            address: v.address,
            voter: { id, entity: id, weight: BigInt(v.power), delegate: undefined },
          };
        }),
      );
    case 'members':
      return rollOf(
        readMemberRoll(state).map((m) => {
          const id = toHex(m);
          const to = readMemberDelegate(state, m);
          return {
            address: m,
            voter: {
              id,
              entity: id,
              weight: 1n,
              delegate: to === undefined ? undefined : toHex(to),
            },
          };
        }),
      );
    case 'maintainers':
      return rollOf(
        gov.council.map((seat) => {
          const id = toHex(seat.holder);
          return {
            address: seat.holder,
            voter: { id, entity: id, weight: 1n, delegate: undefined },
          };
        }),
      );
  }
}

/** Whether `address` may vote in `chamber`. */
export function inChamber(
  state: StateReader,
  gov: GovernanceState,
  chamber: Chamber,
  validators: readonly Validator[],
  address: Uint8Array,
): boolean {
  switch (chamber) {
    case 'stake':
      return gov.mode === 'consortium'
        ? readStakeRoll(state).some((h) => equalBytes(h.holder, address) && h.weight > 0n)
        : validators.some((v) => equalBytes(v.address, address));
    case 'members':
      return readMemberRoll(state).some((m) => equalBytes(m, address));
    case 'maintainers':
      return gov.council.some((s) => equalBytes(s.holder, address));
  }
}

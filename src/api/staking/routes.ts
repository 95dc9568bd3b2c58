// Staking routes (public chains): parameters and validators (each with its voting power, before
// and after the cap), one validator (with its slashes and their evidence), one account's
// delegations and unbondings with what they are worth. `prove=true` proves the raw record.
import { decode } from '../../codec/index.ts';
import { formatAddress } from '../../crypto/index.ts';
import { toBase64, toHex } from '../../lib/index.ts';
import {
  delegationsCodec,
  stakeValidatorCodec,
  stakingErrors,
  stakingKeys,
  stakingParamsCodec,
  stakingStateCodec,
  tokensOf,
  unbondingsCodec,
  votingPowers,
  type StakingState,
  type StateReader,
} from '../../execution/index.ts';
import { addressParam } from '../params.ts';
import type { RouteModule } from '../routes/context.ts';
import { handle } from '../routes/route.ts';
import { proofToJson } from '../shapes/chainJson.ts';
import { stakingComponents, stakingSpecs } from './specs.ts';
import { delegatorToJson, stakeValidatorToJson, type PowerFigures } from './toJson.ts';

// Every validator's power now, as execution computes it at the end of a block (bonded stake in
// power units, then the cap on one validator's share), read from committed state.
function powers(reader: StateReader, s: StakingState): Map<string, PowerFigures> {
  return new Map(
    votingPowers(reader, s).map((p) => [
      toHex(p.address),
      { power: p.power, uncappedPower: p.uncapped, powerUnit: s.params.powerUnit },
    ]),
  );
}

const noPower = (s: StakingState): PowerFigures => ({
  power: 0,
  uncappedPower: 0,
  powerUnit: s.params.powerUnit,
});

/** GET /v1/staking, /v1/staking/validators/:address, /v1/staking/delegators/:address. */
export const stakingRoutes: RouteModule = {
  tag: 'staking',
  description: "Public chains' bonded stake: validators, slashes, delegations and unbondings.",
  components: stakingComponents,
  specs: stakingSpecs,
  register({ app, service }) {
    const staking = (): StakingState => {
      const raw = service.stateValue(stakingKeys.state, false).value;
      if (raw === undefined) throw stakingErrors.staking_disabled();
      return decode(stakingStateCodec, raw);
    };
    const reader: StateReader = { get: (key) => service.stateValue(key, false).value };

    handle(app, stakingSpecs.state, () => {
      const s = staking();
      const figures = powers(reader, s);
      return {
        params: stakingParamsCodec.toJson(s.params),
        validators: votingPowers(reader, s).map((p) =>
          stakeValidatorToJson(p.address, p.validator, figures.get(toHex(p.address)) ?? noPower(s)),
        ),
      };
    });

    handle(app, stakingSpecs.validator, ({ params, query }) => {
      const s = staking();
      const address = addressParam(params.address);
      const value = service.stateValue(stakingKeys.validator(address), query.prove === true);
      if (value.value === undefined)
        throw stakingErrors.validator_not_found({ address: formatAddress(address) });
      const v = decode(stakeValidatorCodec, value.value);
      return {
        height: value.height,
        validator: stakeValidatorToJson(
          address,
          v,
          powers(reader, s).get(toHex(address)) ?? noPower(s),
        ),
        encoded: toBase64(value.value),
        proof: proofToJson(value) ?? null,
      };
    });

    handle(app, stakingSpecs.delegator, ({ params }) => {
      staking();
      const address = addressParam(params.address);
      const d = service.stateValue(stakingKeys.delegations(address), false).value;
      const u = service.stateValue(stakingKeys.unbondings(address), false).value;
      const record = (validator: Uint8Array) => {
        const raw = service.stateValue(stakingKeys.validator(validator), false).value;
        return raw === undefined ? undefined : decode(stakeValidatorCodec, raw);
      };
      return delegatorToJson(
        d === undefined ? [] : decode(delegationsCodec, d),
        u === undefined ? [] : decode(unbondingsCodec, u),
        (validator, shares) => {
          const v = record(validator);
          return v === undefined ? 0n : tokensOf(shares, v.tokens, v.shares);
        },
        (validator, shares) => {
          const v = record(validator);
          return v === undefined ? 0n : tokensOf(shares, v.unbondingTokens, v.unbondingShares);
        },
      );
    });
  },
};

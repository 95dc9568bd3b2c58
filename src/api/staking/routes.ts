// Staking routes (public chains): parameters and validators, one validator (with its slashes and
// their evidence), one account's delegations and unbondings. `prove=true` proves the raw record.
import { decode } from '../../codec/index.ts';
import { formatAddress } from '../../crypto/index.ts';
import { toBase64 } from '../../lib/index.ts';
import {
  delegationsCodec,
  stakeValidatorCodec,
  stakingErrors,
  stakingKeys,
  stakingParamsCodec,
  stakingStateCodec,
  unbondingsCodec,
  type StakeValidator,
  type StakingState,
} from '../../execution/index.ts';
import { addressParam } from '../params.ts';
import type { RouteModule } from '../routes/context.ts';
import { handle } from '../routes/route.ts';
import { proofToJson } from '../shapes/chainJson.ts';
import { stakingComponents, stakingSpecs } from './specs.ts';
import { delegatorToJson, stakeValidatorToJson } from './toJson.ts';

function power(v: StakeValidator, s: StakingState, nowMs: number): number {
  if (v.tombstoned || (v.jailedUntilMs !== undefined && v.jailedUntilMs > nowMs)) return 0;
  return Number(v.tokens / s.params.powerUnit);
}

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
    const now = () => service.status().latestBlockTimeMs ?? 0;

    handle(app, stakingSpecs.state, () => {
      const s = staking();
      return {
        params: stakingParamsCodec.toJson(s.params),
        validators: s.validators.flatMap((address) => {
          const raw = service.stateValue(stakingKeys.validator(address), false).value;
          if (raw === undefined) return [];
          const v = decode(stakeValidatorCodec, raw);
          return [stakeValidatorToJson(address, v, power(v, s, now()))];
        }),
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
        validator: stakeValidatorToJson(address, v, power(v, s, now())),
        encoded: toBase64(value.value),
        proof: proofToJson(value) ?? null,
      };
    });

    handle(app, stakingSpecs.delegator, ({ params }) => {
      staking();
      const address = addressParam(params.address);
      const d = service.stateValue(stakingKeys.delegations(address), false).value;
      const u = service.stateValue(stakingKeys.unbondings(address), false).value;
      return delegatorToJson(
        d === undefined ? [] : decode(delegationsCodec, d),
        u === undefined ? [] : decode(unbondingsCodec, u),
        (validator, shares) => {
          const raw = service.stateValue(stakingKeys.validator(validator), false).value;
          if (raw === undefined) return 0n;
          const v = decode(stakeValidatorCodec, raw);
          return v.shares === 0n ? 0n : (shares * v.tokens) / v.shares;
        },
      );
    });
  },
};

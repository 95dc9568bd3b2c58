// Staking routes (public chains): parameters and validators, one validator (with its slashes and
// their evidence), one account's delegations and unbondings. `prove=true` proves the raw record.
import { decode } from '../../codec/index.ts';
import { polityError, toBase64 } from '../../lib/index.ts';
import {
  delegationsCodec,
  stakeValidatorCodec,
  stakingKeys,
  stakingStateCodec,
  unbondingsCodec,
  type StakeValidator,
  type StakingState,
} from '../../execution/index.ts';
import { addressParam } from '../params.ts';
import { addressSchema, responses, schemaParts } from '../schemas.ts';
import { delegatorToJson, stakeValidatorToJson, stakingParamsToJson } from '../stakingJson.ts';
import { proofToJson } from '../toJson.ts';
import type { RouteContext } from './context.ts';

const { obj } = schemaParts;
const documentSchema = {
  type: 'object',
  additionalProperties: true,
  description: 'see docs/spec/governance.md (staking)',
};
const proveQuery = obj({ prove: { type: 'boolean', default: false } }, ['prove']);

function power(v: StakeValidator, s: StakingState, nowMs: number): number {
  if (v.tombstoned || (v.jailedUntilMs !== undefined && v.jailedUntilMs > nowMs)) return 0;
  return Number(v.tokens / s.params.powerUnit);
}

/** GET /v1/staking, /v1/staking/validators/:address, /v1/staking/delegators/:address. */
export function registerStakingRoutes({ app, service }: RouteContext): void {
  const staking = (): StakingState => {
    const raw = service.stateValue(stakingKeys.state, false).value;
    if (raw === undefined)
      throw polityError(
        'staking_disabled',
        'not_found',
        'This chain admits validators by proposal (consortium); it has no bonded stake.',
      );
    return decode(stakingStateCodec, raw);
  };
  const now = () => service.status().latestBlockTimeMs ?? 0;

  app.get(
    '/v1/staking',
    {
      schema: {
        summary: 'Staking parameters and every registered validator',
        tags: ['staking'],
        response: responses(documentSchema),
      },
    },
    () => {
      const s = staking();
      return {
        params: stakingParamsToJson(s.params),
        validators: s.validators.flatMap((address) => {
          const raw = service.stateValue(stakingKeys.validator(address), false).value;
          if (raw === undefined) return [];
          const v = decode(stakeValidatorCodec, raw);
          return [stakeValidatorToJson(address, v, power(v, s, now()))];
        }),
      };
    },
  );

  app.get<{ Params: { address: string }; Querystring: { prove: boolean } }>(
    '/v1/staking/validators/:address',
    {
      schema: {
        summary: "A validator's stake, status and slashes (each with its evidence)",
        tags: ['staking'],
        params: obj({ address: addressSchema }),
        querystring: proveQuery,
        response: responses(documentSchema),
      },
    },
    (request) => {
      const s = staking();
      const address = addressParam(request.params.address);
      const value = service.stateValue(stakingKeys.validator(address), request.query.prove);
      if (value.value === undefined)
        throw polityError(
          'validator_not_found',
          'not_found',
          'No validator with this address is registered. List them at /v1/staking.',
        );
      const v = decode(stakeValidatorCodec, value.value);
      return {
        height: value.height,
        validator: stakeValidatorToJson(address, v, power(v, s, now())),
        encoded: toBase64(value.value),
        proof: proofToJson(value) ?? null,
      };
    },
  );

  app.get<{ Params: { address: string } }>(
    '/v1/staking/delegators/:address',
    {
      schema: {
        summary: "An account's delegations (and what they are worth now) and unbondings",
        tags: ['staking'],
        params: obj({ address: addressSchema }),
        response: responses(documentSchema),
      },
    },
    (request) => {
      staking();
      const address = addressParam(request.params.address);
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
    },
  );
}

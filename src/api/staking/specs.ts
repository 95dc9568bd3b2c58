// Staking routes and shapes (public chains): the parameters and every validator, one validator
// (with its slashes and their evidence, provable), and one account's delegations and unbondings.
import { Type, type Static } from 'typebox';
import { cryptoErrors } from '../../crypto/index.ts';
import { slashReasons, stakingErrors, stakingParamsCodec } from '../../execution/index.ts';
import { defineRoute } from '../routes/route.ts';
import { proofShape, publicKeyShape } from '../shapes/common.ts';
import {
  address,
  amount,
  base64,
  codecComponent,
  component,
  count,
  hex,
  nullable,
  object,
  oneOfNames,
  type JsonOfComponent,
} from '../shapes/shape.ts';

/** Staking parameters. */
export const stakingParamsShape = codecComponent(
  'StakingParams',
  stakingParamsCodec,
  'Staking parameters: power per stake, slashing, downtime jailing, self-bond, unbonding period.',
);

/** A validator's staking record. */
export const stakeValidatorShape = component(
  'StakeValidator',
  object({
    address,
    operator: address,
    publicKey: publicKeyShape.ref,
    moniker: Type.String(),
    commissionBps: count,
    tokens: amount,
    shares: amount,
    unbondingTokens: amount,
    power: count,
    uncappedPower: count,
    excessTokens: amount,
    missedBlocks: count,
    jailedUntilMs: nullable(count),
    tombstoned: Type.Boolean(),
    slashes: Type.Array(
      object({
        reason: oneOfNames(slashReasons),
        infractionHeight: count,
        height: count,
        amount,
        evidenceHash: nullable(hex),
      }),
    ),
  }),
  "A validator of a public chain: operator, key, stake and shares; its voting power now (`power`, after the cap on one validator's share), what its stake alone would give (`uncappedPower`) and the bonded stake beyond the cap that adds no power (`excessTokens`, still slashable); blocks missed in the downtime window; jail and slashes (a double-sign slash names its evidence's hash).",
);
/** A validator's staking record. */
export type StakeValidatorJson = JsonOfComponent<typeof stakeValidatorShape>;

/** An account's delegations and unbondings. */
export const delegatorShape = component(
  'Delegator',
  object({
    delegations: Type.Array(object({ validator: address, shares: amount, tokens: amount })),
    unbondings: Type.Array(
      object({
        validator: address,
        shares: amount,
        tokens: amount,
        height: count,
        completeAtMs: count,
      }),
    ),
  }),
  "An account's delegations (shares and what they are worth now) and its unbondings in flight (shares of the validator's unbonding pool, what they are worth now, the height that started each and when it completes).",
);
/** An account's delegations and unbondings. */
export type DelegatorJson = JsonOfComponent<typeof delegatorShape>;

const staking = object({
  params: stakingParamsShape.ref,
  validators: Type.Array(stakeValidatorShape.ref),
});
/** GET /v1/staking. */
export type StakingJson = Static<typeof staking>;
const validatorRead = object({
  height: count,
  validator: stakeValidatorShape.ref,
  encoded: base64,
  proof: nullable(proofShape.ref),
});
/** GET /v1/staking/validators/:address. */
export type StakeValidatorReadJson = Static<typeof validatorRead>;

const tag = 'staking';

/** The staking routes. */
export const stakingSpecs = {
  state: defineRoute({
    operationId: 'getStaking',
    method: 'GET',
    url: '/v1/staking',
    summary: 'Staking parameters and every registered validator',
    tag,
    response: staking,
    errors: [stakingErrors.staking_disabled],
  }),
  validator: defineRoute({
    operationId: 'getStakeValidator',
    method: 'GET',
    url: '/v1/staking/validators/:address',
    summary: "A validator's stake, status and slashes (each with its evidence)",
    tag,
    params: object({ address }),
    querystring: object({ prove: Type.Optional(Type.Boolean({ default: false })) }),
    response: validatorRead,
    errors: [
      cryptoErrors.invalid_address,
      stakingErrors.staking_disabled,
      stakingErrors.validator_not_found,
    ],
  }),
  delegator: defineRoute({
    operationId: 'getDelegator',
    method: 'GET',
    url: '/v1/staking/delegators/:address',
    summary: "An account's delegations (and what they are worth now) and unbondings",
    tag,
    params: object({ address }),
    response: delegatorShape.ref,
    errors: [cryptoErrors.invalid_address, stakingErrors.staking_disabled],
  }),
} as const;

/** The components of the staking routes. */
export const stakingComponents = [stakingParamsShape, stakeValidatorShape, delegatorShape] as const;

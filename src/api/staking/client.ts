// The typed client's staking reads. A proved validator record is verified against a committed
// header and rebuilt from the proved bytes.
import { decode } from '../../codec/index.ts';
import { parseAddress } from '../../crypto/index.ts';
import { stakeValidatorCodec, stakingKeys } from '../../execution/index.ts';
import { apiErrors } from '../errors.ts';
import type { ClientContext, ProveOptions } from '../client/context.ts';
import { verifyGovernanceValue } from '../client/verify.ts';
import {
  stakingSpecs,
  type DelegatorJson,
  type StakeValidatorReadJson,
  type StakingJson,
} from './specs.ts';
import { stakeValidatorToJson } from './toJson.ts';

/** The staking reads of the typed client. */
export interface StakingClient {
  /** Staking parameters and validators (public chains). */
  staking(): Promise<StakingJson>;
  /** A validator's stake, status and slashes; with `prove`, verified and rebuilt from the bytes. */
  stakeValidator(address: string, options?: ProveOptions): Promise<StakeValidatorReadJson>;
  /** An account's delegations and unbondings. */
  delegator(address: string): Promise<DelegatorJson>;
}

/** The staking methods over `ctx`. */
export function stakingClient(ctx: ClientContext): StakingClient {
  return {
    staking: () => ctx.call(stakingSpecs.state),
    async stakeValidator(address, opts = {}) {
      const bytes = parseAddress(address);
      const body = await ctx.call(stakingSpecs.validator, {
        params: { address },
        query: opts.prove === true ? { prove: true } : {},
      });
      if (opts.prove !== true) return body;
      const key = stakingKeys.validator(bytes);
      const raw = verifyGovernanceValue(key, body, await ctx.trusted(), ctx.chainId);
      if (raw === undefined)
        throw apiErrors.proof_invalid({ reason: 'the node proved no validator' });
      // Power depends on every validator's stake (the cap), not on this record alone: the node's
      // figures are kept.
      const v = decode(stakeValidatorCodec, raw);
      const { power, uncappedPower, excessTokens } = body.validator;
      const rebuilt = stakeValidatorToJson(bytes, v, { power, uncappedPower, powerUnit: 0n });
      return { ...body, validator: { ...rebuilt, excessTokens } };
    },
    delegator: (address) => {
      parseAddress(address);
      return ctx.call(stakingSpecs.delegator, { params: { address } });
    },
  };
}

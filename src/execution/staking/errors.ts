// Staking's errors: each a failed receipt's code, a refusal at admission, or an API answer.
import { defineErrors } from '../../lib/index.ts';

/** Staking's declared codes (docs/spec/errors.md). */
export const stakingErrors = defineErrors('staking', {
  staking_disabled: {
    kind: 'not_found',
    message:
      'This chain admits validators by proposal (consortium), not by bonded stake, so there is no staking here.',
  },
  validator_not_found: {
    kind: 'not_found',
    message: 'No validator {address} is registered.',
  },
  validator_exists: {
    kind: 'invalid',
    message: 'A validator with this consensus key is registered already.',
  },
  validators_full: { kind: 'invalid', message: 'At most {max} validators can register.' },
  self_bond_too_small: {
    kind: 'invalid',
    message: 'A validator bonds at least {min} upol of its own; got {amount}.',
  },
  validator_tombstoned: {
    kind: 'invalid',
    message: 'This validator double-signed and can never validate again.',
  },
  amount_too_small: {
    kind: 'invalid',
    message: 'The amount buys no share of this validator; delegate more.',
  },
  delegations_full: {
    kind: 'invalid',
    message: 'An account delegates to at most {max} validators; undelegate from one first.',
  },
  insufficient_stake: {
    kind: 'invalid',
    message:
      "This account's delegation to that validator is worth {worth}; undelegate at most that.",
  },
  unbondings_full: {
    kind: 'invalid',
    message: 'At most {max} unbondings at once; withdraw the ones that are complete first.',
  },
  nothing_to_withdraw: {
    kind: 'invalid',
    message: 'Nothing can be withdrawn yet: {reason}.',
  },
  not_operator: {
    kind: 'unauthorized',
    message: 'Only the account that registered the validator can unjail it.',
  },
  not_jailed: { kind: 'invalid', message: 'The validator is not jailed.' },
  still_jailed: {
    kind: 'invalid',
    message: 'The validator stays jailed until {untilMs} ms (block time).',
  },
  commission_invalid: {
    kind: 'invalid',
    message: 'Message {index}: a commission is at most 10000 basis points (100%).',
  },
});

// Execution's own errors: those of every transaction (key, nonce, fee, gas, balance), of its
// envelope and of the validator set. Each is a failed receipt's code inside a block, or a refusal
// at admission. Modules declare theirs in their own folders.
import { defineErrors } from '../lib/index.ts';

/** Execution's declared codes (docs/spec/errors.md). */
export const executionErrors = defineErrors('execution', {
  insufficient_funds: {
    kind: 'invalid',
    message: 'The account holds {balance} but needs {needed}. Fund it or lower the amount or fee.',
  },
  nonce_stale: {
    kind: 'conflict',
    message:
      "Nonce {nonce} was already used (the account's next nonce is {expected}); this looks like a replay. Query the account for its nonce.",
  },
  nonce_gap: {
    kind: 'invalid',
    message:
      'Nonce {nonce} skips ahead: the next nonce for this account is {expected}. Submit the missing transactions first.',
  },
  signer_mismatch: {
    kind: 'unauthorized',
    message: 'The signing key does not control the sender account. Sign with the account key.',
  },
  bad_signature: {
    kind: 'unauthorized',
    message:
      'The signature does not verify for this transaction and key ({reason}). Re-sign it with the sender key.',
  },
  out_of_gas: {
    kind: 'invalid',
    message: 'The transaction needs {needed} gas but its limit is {limit}. Raise the gas limit.',
  },
  balance_overflow: {
    kind: 'invalid',
    message: 'The receiving balance would exceed the largest representable amount.',
  },
  zero_amount: {
    kind: 'invalid',
    message: 'Message {index}: {what} must be a positive amount.',
  },
  unknown_message_type: {
    kind: 'invalid',
    message:
      'Unknown message type tag {tag}; this node knows {known}. Upgrade the client or the node.',
  },
  module_paused: {
    kind: 'unavailable',
    message:
      'The {module} module is paused by an emergency governance decision; see GET /v1/governance for when the pause ends.',
  },
  wrong_chain_id: {
    kind: 'invalid',
    message:
      'The transaction is for chain "{got}" but this is "{chainId}". Sign it for this chain.',
  },
  empty_tx: { kind: 'invalid', message: 'A transaction needs at least one message.' },
  tx_too_large: {
    kind: 'too_large',
    message:
      'A transaction is at most {max} bytes; this one is {size}. Split it into several transactions.',
  },
  gas_limit_too_low: {
    kind: 'invalid',
    message:
      "The gas limit {gasLimit} is below the {intrinsic} this transaction's size alone costs. Raise --gas-limit.",
  },
  fee_too_low: {
    kind: 'invalid',
    message: 'The fee {fee} is below gas limit × minimum gas price = {feeMin}. Raise the fee.',
  },
  validator_updates_empty: {
    kind: 'invalid',
    message: 'Message {index}: a validator set change lists at least one change.',
  },
  validator_update_duplicate: {
    kind: 'invalid',
    message:
      'Message {index}: a validator set change names the same key twice; give each key once.',
  },
  validator_power_too_large: {
    kind: 'invalid',
    message: "Message {index}: a validator's power is at most {max}; got {power}.",
  },
  validator_set_empty: {
    kind: 'invalid',
    message: 'The update would remove every validator; a chain needs at least one.',
  },
  validator_set_too_large: {
    kind: 'invalid',
    message: 'The update would make a set of {size} validators; at most {max} may validate.',
  },
  validator_unknown: {
    kind: 'not_found',
    message: 'Validator {address} is not in the set, so it cannot be removed.',
  },
  invalid_block: {
    kind: 'invalid',
    message: 'Block {height} is invalid: {reason}',
  },
  invalid_genesis: { kind: 'invalid', message: 'genesis.json: {problem}' },
});

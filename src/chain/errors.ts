// The chain application's errors: admission's refusals of duplicates and resubmissions, and what
// makes a block impossible to build or commit here.
import { defineErrors } from '../lib/index.ts';

/** The chain's declared codes (docs/spec/errors.md). */
export const chainErrors = defineErrors('chain', {
  tx_duplicate: {
    kind: 'conflict',
    message: 'This transaction is already waiting in the mempool.',
  },
  tx_already_committed: {
    kind: 'conflict',
    message: 'This transaction is already committed; query it with its hash.',
  },
  block_out_of_order: {
    kind: 'conflict',
    message: 'Block {height} cannot be committed: the next height is {next}.',
  },
  invalid_commit: {
    kind: 'invalid',
    message: 'Block {height} cannot be committed: {reason}',
  },
  block_time_not_after: {
    kind: 'invalid',
    message: "A block's time must be after {tipTimeMs}; got {timeMs}.",
  },
  not_a_validator: {
    kind: 'invalid',
    message: 'The proposer is not a validator at height {height}.',
  },
  bad_last_commit: {
    kind: 'invalid',
    message: 'Block {height} must carry the commit of block {previous} (none at height 1).',
  },
  genesis_mismatch: {
    kind: 'invalid',
    message:
      'This data directory was created from a different genesis.json. Use the original genesis or a fresh home.',
  },
});

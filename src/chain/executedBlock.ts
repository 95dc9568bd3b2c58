// A block executed against the current tip: what committing it needs, kept from the moment it was
// built or checked so that committing never executes it again.
import type { BlockCandidate } from '../consensus/index.ts';
import type { BlockResult } from '../execution/index.ts';
import type { PreparedCommit } from '../state/index.ts';

/** A block executed against the current tip, ready to commit. */
export interface ExecutedBlock {
  readonly candidate: BlockCandidate;
  readonly result: BlockResult;
  /** The state commit computed from `result`, not yet written. */
  readonly prepared: PreparedCommit;
  /** Hashes of the block's evidence items, in order. */
  readonly evidenceHashes: readonly Uint8Array[];
}

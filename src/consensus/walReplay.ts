// Reading back the write-ahead log after a restart: which entries belong to the height being
// decided. Every logged message and timeout carries its height, so entries of an older height (a
// reset that never reached the disk) are skipped, and the order of the `height` marker relative
// to the first messages of a height does not matter. An entry that does not decode ends the log
// (a torn tail).
import type { ConsensusMessage } from './messages.ts';
import { decodeWalEntry, timeoutKindOf, type WalEntry } from './walEntry.ts';

/**
 * One entry to replay: a message from a peer (or `self`), a timeout that fired, or a block this
 * validator was about to propose in a round.
 */
export type ReplayStep =
  | { readonly type: 'message'; readonly peer: string; readonly message: ConsensusMessage }
  | { readonly type: 'ownBlock'; readonly round: number; readonly block: Uint8Array }
  | {
      readonly type: 'timeout';
      readonly kind: 'propose' | 'prevote' | 'precommit';
      readonly round: number;
    };

function heightOf(entry: WalEntry): number | undefined {
  switch (entry.type) {
    case 'height':
      return undefined;
    case 'timeout':
    case 'ownBlock':
      return entry.height;
    case 'message': {
      const m = entry.message;
      if (m.kind === 'vote') return m.signed.vote.height;
      if (m.kind === 'proposal') return m.signed.proposal.height;
      return undefined;
    }
  }
}

/** The steps of `height` in a WAL, in order, up to the first entry that does not decode. */
export function replayStepsOf(entries: readonly Uint8Array[], height: number): ReplayStep[] {
  const steps: ReplayStep[] = [];
  for (const bytes of entries) {
    const entry = decodeWalEntry(bytes);
    if (entry === undefined) break; // a torn tail
    if (heightOf(entry) !== height) continue;
    if (entry.type === 'message') {
      steps.push({ type: 'message', peer: entry.peer, message: entry.message });
    } else if (entry.type === 'timeout') {
      const kind = timeoutKindOf(entry.kind);
      if (kind !== undefined) steps.push({ type: 'timeout', kind, round: entry.round });
    } else if (entry.type === 'ownBlock') {
      steps.push({ type: 'ownBlock', round: entry.round, block: entry.block });
    }
  }
  return steps;
}

// Messages of the next height that arrive before this node commits the current one: peers that
// committed first already vote and propose there. They are kept (bounded) and handled once this
// node enters that height, so the round there does not wait for rebroadcasts.
import type { ConsensusMessage } from './messages.ts';

/** Messages for the next height kept until this node gets there (a bound). */
export const futureMessagesMax = 10_000;

/** A peer's message kept for later. */
export interface FutureMessage {
  readonly peer: string;
  readonly message: ConsensusMessage;
}

/** Messages kept for the next height. */
export interface FutureMessages {
  /** Keeps a message; dropped when `futureMessagesMax` are kept already. */
  keep(peer: string, message: ConsensusMessage): void;
  /** Hands over every message kept, oldest first, and forgets them. */
  take(): readonly FutureMessage[];
}

/** Creates an empty store of messages for the next height. */
export function createFutureMessages(): FutureMessages {
  let kept: FutureMessage[] = [];
  return {
    keep(peer, message) {
      if (kept.length < futureMessagesMax) kept.push({ peer, message });
    },
    take() {
      const taken = kept;
      kept = [];
      return taken;
    },
  };
}

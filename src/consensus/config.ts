// Consensus timing. Timeouts grow linearly with the round so that, after the network stabilises,
// some round is long enough for every honest validator to hear the proposal and the votes (the
// paper's partial-synchrony argument). None of these affect safety, only liveness and speed.

/** Timeouts and pacing of the consensus driver, in milliseconds. */
export interface ConsensusConfig {
  readonly proposeBaseMs: number;
  readonly proposeDeltaMs: number;
  readonly prevoteBaseMs: number;
  readonly prevoteDeltaMs: number;
  readonly precommitBaseMs: number;
  readonly precommitDeltaMs: number;
  /** Pause after a commit before the next height starts, to collect late precommits and txs. */
  readonly commitMs: number;
  /** When no transaction waits, the next block is proposed after this long (an empty block). */
  readonly emptyBlockIntervalMs: number;
  /** How often a validator re-sends its own latest votes and status, so lost messages recover. */
  readonly rebroadcastMs: number;
}

/** Defaults for a LAN or loopback testnet. */
export const defaultConsensusConfig: ConsensusConfig = {
  proposeBaseMs: 1000,
  proposeDeltaMs: 500,
  prevoteBaseMs: 500,
  prevoteDeltaMs: 500,
  precommitBaseMs: 500,
  precommitDeltaMs: 500,
  commitMs: 100,
  emptyBlockIntervalMs: 1000,
  rebroadcastMs: 1000,
};

/** The three round timeouts of the paper (lines 21, 35, 48). */
export type TimeoutKind = 'propose' | 'prevote' | 'precommit';

/** Duration of a round timeout: base + round × delta. */
export function timeoutMs(config: ConsensusConfig, kind: TimeoutKind, round: number): number {
  switch (kind) {
    case 'propose':
      return config.proposeBaseMs + round * config.proposeDeltaMs;
    case 'prevote':
      return config.prevoteBaseMs + round * config.prevoteDeltaMs;
    case 'precommit':
      return config.precommitBaseMs + round * config.precommitDeltaMs;
  }
}

// The trace of a run: every event fired and every commit, hashed as it happens (equal seeds give
// equal hashes), with the last lines kept for failure reports. In verbose mode it also prints the
// messages nodes send, their rounds and evidence, and the code under test's own logs.
import { createHash } from 'node:crypto';
import type { ConsensusMessage } from '../../src/consensus/index.ts';
import { toHex } from '../../src/lib/index.ts';
import type { LogFields, Logger } from '../../src/ports/index.ts';

/** Trace lines kept for a failure report. */
export const traceTailMax = 60;

/** A run's trace. */
export interface Trace {
  /** Adds a line to the hash, the tail and the verbose output. */
  line(text: string): void;
  /** Prints a line in verbose mode only (not hashed: a verbose run keeps its trace hash). */
  detail(text: () => string): void;
  /** Whether verbose output is on. */
  readonly verbose: boolean;
  hash(): string;
  tail(): readonly string[];
}

/** Creates a trace; `write` receives every line in verbose mode. */
export function createTrace(write?: (line: string) => void): Trace {
  const hash = createHash('sha256');
  const tail: string[] = [];
  return {
    line(text) {
      hash.update(text);
      hash.update('\n');
      tail.push(text);
      if (tail.length > traceTailMax) tail.shift();
      write?.(text);
    },
    detail(text) {
      write?.(text());
    },
    verbose: write !== undefined,
    hash: () => hash.digest('hex'),
    tail: () => [...tail],
  };
}

/** One line about a consensus message. */
export function describeMessage(m: ConsensusMessage): string {
  switch (m.kind) {
    case 'proposal': {
      const p = m.signed.proposal;
      const value = toHex(p.blockHash).slice(0, 8);
      return `proposal ${p.height}/${p.round} ${value} pol ${p.polRoundPlusOne - 1}`;
    }
    case 'vote': {
      const v = m.signed.vote;
      const value = v.blockHash === undefined ? 'nil' : toHex(v.blockHash).slice(0, 8);
      return `${v.type === 1 ? 'prevote' : 'precommit'} ${v.height}/${v.round} ${value}`;
    }
    case 'status':
      return `status ${m.height}/${m.round}`;
    case 'evidence':
      return 'evidence';
    case 'syncRequest':
      return `syncRequest ${m.height}`;
    case 'syncBlock':
      return `syncBlock ${m.height}`;
  }
}

/** A logger that writes the code under test's logs into the verbose trace. */
export function traceLogger(name: string, trace: Trace): Logger {
  const line =
    (level: string) =>
    (fields: LogFields, message: string): void => {
      trace.detail(() => {
        const json = JSON.stringify(fields, (_k, v: unknown) =>
          typeof v === 'bigint' ? v.toString() : v,
        );
        return `  [${name} ${level}] ${message} ${json}`;
      });
    };
  const logger: Logger = {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    child: () => logger,
  };
  return logger;
}

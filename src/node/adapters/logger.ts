// The Logger port over pino: JSON lines by default (for log shippers), a human-readable mode for
// people at a terminal; and a logger that drops everything, for tools that want silence (and the
// tests and simulator, through test/support/silentLogger.ts). Secrets never reach a log call;
// these adapters add none.
import { pino, type Logger as Pino } from 'pino';
import type { Logger } from '../../ports/index.ts';

/** Log output options. */
export interface LogOptions {
  readonly level: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  readonly format: 'json' | 'pretty';
  /** Where lines go; defaults to stderr so stdout stays free for command output. */
  readonly destination?: number;
}

function adapt(p: Pino): Logger {
  return {
    debug: (fields, message) => {
      p.debug(fields, message);
    },
    info: (fields, message) => {
      p.info(fields, message);
    },
    warn: (fields, message) => {
      p.warn(fields, message);
    },
    error: (fields, message) => {
      p.error(fields, message);
    },
    child: (fields) => adapt(p.child(fields)),
  };
}

/** Creates the node's logger. */
export function createLogger(options: LogOptions): Logger {
  const fd = options.destination ?? 2;
  if (options.format === 'pretty') {
    return adapt(
      pino({
        level: options.level,
        transport: {
          target: 'pino-pretty',
          options: { destination: fd, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
        },
      }),
    );
  }
  return adapt(pino({ level: options.level }, pino.destination({ fd, sync: false })));
}

/** A logger that drops everything (a snapshot export, tests, the simulator). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

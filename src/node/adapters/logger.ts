// The Logger port over pino: readable lines when the log goes to a terminal (a person watching),
// JSON lines otherwise (files, pipes, log shippers), either forced by the config or a flag; and a
// logger that drops everything, for tools that want silence (and the
// tests and simulator, through test/support/silentLogger.ts). Secrets never reach a log call;
// these adapters add none.
import { isatty } from 'node:tty';
import { pino, type Logger as Pino } from 'pino';
import type { Logger } from '../../ports/index.ts';

/** Log output options. */
export interface LogOptions {
  readonly level: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** `auto`: pretty when the destination is a terminal, JSON otherwise. */
  readonly format: 'auto' | 'json' | 'pretty';
  /** Where lines go; defaults to stderr so stdout stays free for command output. */
  readonly destination?: number;
  /** Write each JSON line before the call returns (tests); buffered by default. */
  readonly sync?: boolean;
}

/** The format `format` means when the log goes to a terminal (`tty`) or not. */
export function logFormatFor(format: LogOptions['format'], tty: boolean): 'json' | 'pretty' {
  if (format !== 'auto') return format;
  return tty ? 'pretty' : 'json';
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
  if (logFormatFor(options.format, isatty(fd)) === 'pretty') {
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
  return adapt(
    pino({ level: options.level }, pino.destination({ fd, sync: options.sync ?? false })),
  );
}

/** A logger that drops everything (a snapshot export, tests, the simulator). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

// Live events as server-sent events. One subscription to the ledger fans out to a bounded set of
// HTTP responses; a subscriber whose socket buffer grows past a bound is disconnected rather than
// buffered for, so a slow client can never grow the node's memory without limit.
import type { ServerResponse } from 'node:http';
import { toHex } from '../lib/index.ts';
import type { BlockEventJson, ProposalEventJson, TxEventJson } from './node/specs.ts';
import type { LedgerEvent, LedgerService } from './service.ts';

/** Bounds of the event hub. */
export interface EventHubOptions {
  readonly subscribersMax: number;
  /** Unsent bytes a subscriber may have queued before it is dropped. */
  readonly bufferedBytesMax: number;
  /** Interval of comment lines that keep proxies from closing idle streams. */
  readonly keepAliveMs: number;
}

/** Defaults of EventHubOptions. */
export const eventHubDefaults: EventHubOptions = {
  subscribersMax: 256,
  bufferedBytesMax: 1024 * 1024,
  keepAliveMs: 15_000,
};

/** The fan-out of ledger events to SSE responses. */
export interface EventHub {
  /** Starts streaming to `res`; false when the subscriber bound is reached (nothing written). */
  attach(res: ServerResponse): boolean;
  readonly subscriberCount: number;
  /** The most subscribers served at once. */
  readonly capacity: number;
  /** Ends every stream and unsubscribes from the ledger. */
  close(): void;
}

/** The SSE frame of one ledger event. */
export function eventFrame(event: LedgerEvent): string {
  if (event.type === 'block') {
    const data: BlockEventJson = {
      height: event.height,
      hash: toHex(event.hash),
      timeMs: event.timeMs,
      txCount: event.txCount,
    };
    return `event: block\ndata: ${JSON.stringify(data)}\n\n`;
  }
  if (event.type === 'proposal') {
    const data: ProposalEventJson = {
      height: event.height,
      id: event.id,
      kind: event.kind,
      status: event.status,
      title: event.title,
    };
    return `event: proposal\ndata: ${JSON.stringify(data)}\n\n`;
  }
  const data: TxEventJson = {
    hash: toHex(event.hash),
    height: event.height,
    index: event.index,
    ok: event.ok,
    code: event.code,
  };
  return `event: tx\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Creates the hub; it subscribes to `service` only while someone listens. */
export function createEventHub(
  service: LedgerService,
  options: EventHubOptions = eventHubDefaults,
): EventHub {
  const subscribers = new Set<ServerResponse>();
  let unsubscribe: (() => void) | undefined;
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  const send = (res: ServerResponse, frame: string): void => {
    if (res.writableLength > options.bufferedBytesMax) {
      // Too slow to keep up: drop it; it can reconnect and catch up from the block API.
      res.destroy();
      subscribers.delete(res);
      return;
    }
    res.write(frame);
  };

  const broadcast = (frame: string): void => {
    for (const res of [...subscribers]) send(res, frame);
  };

  const stopIfIdle = (): void => {
    if (subscribers.size > 0) return;
    unsubscribe?.();
    unsubscribe = undefined;
    if (keepAlive !== undefined) clearInterval(keepAlive);
    keepAlive = undefined;
  };

  return {
    attach(res) {
      if (closed || subscribers.size >= options.subscribersMax) return false;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      // A first comment flushes the headers so the client knows the stream is open.
      res.write(': connected\n\n');
      subscribers.add(res);
      res.on('close', () => {
        subscribers.delete(res);
        stopIfIdle();
      });
      unsubscribe ??= service.subscribe((event) => {
        broadcast(eventFrame(event));
      });
      if (keepAlive === undefined) {
        keepAlive = setInterval(() => {
          broadcast(': keep-alive\n\n');
        }, options.keepAliveMs);
        keepAlive.unref();
      }
      return true;
    },
    capacity: options.subscribersMax,
    get subscriberCount() {
      return subscribers.size;
    },
    close() {
      closed = true;
      for (const res of subscribers) res.end();
      subscribers.clear();
      stopIfIdle();
    },
  };
}

// Server-sent events over fetch streaming (works in Node and browsers, no EventSource needed).
// Frames are split on blank lines; a frame larger than a bound ends the stream, so a broken or
// hostile node cannot grow the client's memory.
import { isPolityError, type PolityError } from '../../lib/index.ts';
import { apiErrors } from '../errors.ts';
import { Value } from 'typebox/value';
import {
  eventShapes,
  type BlockEventJson,
  type ProposalEventJson,
  type TxEventJson,
} from '../node/specs.ts';
import type { Http } from './http.ts';

/** Largest SSE frame the client buffers. */
export const eventFrameBytesMax = 64 * 1024;

/** Callbacks of a subscription. */
export interface SubscribeHandlers {
  readonly onBlock?: (event: BlockEventJson) => void;
  readonly onTx?: (event: TxEventJson) => void;
  /** A proposal submitted or changing status (governance). */
  readonly onProposal?: (event: ProposalEventJson) => void;
  /** The stream failed or the node closed it; no more events follow. */
  readonly onError?: (error: PolityError) => void;
  /** The node accepted the subscription; events from now on are delivered. */
  readonly onOpen?: () => void;
}

/** A live subscription. */
export interface Subscription {
  close(): void;
}

function dispatch(frame: string, handlers: SubscribeHandlers, url: string): void {
  let event = 'message';
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return;
  const parsed = JSON.parse(data.join('\n')) as unknown;
  // Each event's data is checked against its shape before a handler sees it.
  const wrong = (): PolityError =>
    apiErrors.bad_response({ url, problem: `a ${event} event does not match its shape` });
  if (event === 'block') {
    if (!Value.Check(eventShapes.block, parsed)) throw wrong();
    handlers.onBlock?.(parsed);
  } else if (event === 'tx') {
    if (!Value.Check(eventShapes.tx, parsed)) throw wrong();
    handlers.onTx?.(parsed);
  } else if (event === 'proposal') {
    if (!Value.Check(eventShapes.proposal, parsed)) throw wrong();
    handlers.onProposal?.(parsed);
  }
}

/** Opens `GET /v1/events` and feeds events to `handlers` until closed. */
export function subscribeEvents(http: Http, handlers: SubscribeHandlers): Subscription {
  const controller = new AbortController();
  let closed = false;
  const fail = (error: unknown): void => {
    if (closed) return;
    closed = true;
    controller.abort();
    const typed = isPolityError(error)
      ? error
      : apiErrors.events_failed({
          url: http.baseUrl,
          problem: error instanceof Error ? error.message : String(error),
        });
    handlers.onError?.(typed);
  };

  const run = async (): Promise<void> => {
    const response = await http.stream('/v1/events', controller.signal);
    if (response.body === null)
      throw apiErrors.events_failed({ url: http.baseUrl, problem: 'the node sent no stream' });
    handlers.onOpen?.();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, '\n');
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        dispatch(buffer.slice(0, end), handlers, http.baseUrl);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
      if (buffer.length > eventFrameBytesMax) {
        throw apiErrors.events_failed({
          url: http.baseUrl,
          problem: `an event exceeds ${eventFrameBytesMax} bytes`,
        });
      }
    }
    throw apiErrors.events_closed({ url: http.baseUrl });
  };

  run().catch(fail);
  return {
    close() {
      closed = true;
      controller.abort();
    },
  };
}

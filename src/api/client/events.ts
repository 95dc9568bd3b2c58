// Server-sent events over fetch streaming (works in Node and browsers, no EventSource needed).
// Frames are split on blank lines; a frame larger than a bound ends the stream, so a broken or
// hostile node cannot grow the client's memory.
import { isPolityError, polityError, type PolityError } from '../../lib/index.ts';
import type { BlockEventJson, ProposalEventJson, TxEventJson } from '../json.ts';
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

function dispatch(frame: string, handlers: SubscribeHandlers): void {
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
  if (event === 'block') handlers.onBlock?.(parsed as BlockEventJson);
  else if (event === 'tx') handlers.onTx?.(parsed as TxEventJson);
  else if (event === 'proposal') handlers.onProposal?.(parsed as ProposalEventJson);
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
      : polityError(
          'events_failed',
          'unavailable',
          `The event stream from ${http.baseUrl} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
    handlers.onError?.(typed);
  };

  const run = async (): Promise<void> => {
    const response = await http.stream('/v1/events', controller.signal);
    if (response.body === null)
      throw polityError('events_failed', 'unavailable', 'The node sent no event stream.');
    handlers.onOpen?.();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, '\n');
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        dispatch(buffer.slice(0, end), handlers);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
      if (buffer.length > eventFrameBytesMax) {
        throw polityError(
          'events_failed',
          'unavailable',
          `An event from ${http.baseUrl} exceeds ${eventFrameBytesMax} bytes.`,
        );
      }
    }
    throw polityError(
      'events_closed',
      'unavailable',
      `The node at ${http.baseUrl} closed the event stream.`,
    );
  };

  run().catch(fail);
  return {
    close() {
      closed = true;
      controller.abort();
    },
  };
}

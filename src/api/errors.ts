// The API's declared codes, and how every failure leaves the server: `{ code, message }` with one
// status per error kind (or the code's own), so clients branch on stable codes and never see a stack
// trace. Fastify's own failures (unknown routes, oversize or non-JSON bodies), validation
// (validation.ts) and what fails before routing (bad URLs, oversized headers: server.ts) get
// declared codes too. The typed client's codes (unreachable node, unexpected answers, failed
// verification) are declared here as well, since the client is part of this folder.
import {
  defineErrors,
  errorSpecOf,
  isPolityError,
  statusOfKind,
  type ErrorKind,
  type PolityError,
} from '../lib/index.ts';

/** The API's declared codes (docs/spec/errors.md). */
export const apiErrors = defineErrors('api', {
  invalid_request: {
    kind: 'invalid',
    message: 'Invalid {where}: {problem}. See GET /openapi.json.',
  },
  invalid_hash: {
    kind: 'invalid',
    message: 'Invalid {where}: {problem}; a hash is 64 hex characters.',
  },
  invalid_height: {
    kind: 'invalid',
    message: 'Invalid {where}: {problem}; a height is a whole number from 1.',
  },
  invalid_limit: {
    kind: 'invalid',
    message: 'Invalid {where}: {problem}; a page holds 1 to {max} items.',
  },
  invalid_key: {
    kind: 'invalid',
    message:
      'Invalid {where}: {problem}; a record key is 1 to {max} bytes of NFC UTF-8 without control characters, its "/"-separated segments neither empty, "." nor "..".',
  },
  invalid_parameter: {
    kind: 'invalid',
    message: "Invalid {where}: {problem}. GET /openapi.json lists each route's parameters.",
  },
  bad_url: {
    kind: 'invalid',
    message:
      'The request URL is not valid percent-encoded UTF-8; encode each path segment and query value with encodeURIComponent.',
  },
  param_too_long: {
    kind: 'invalid',
    status: 414,
    message:
      'A path segment is longer than the {max} characters any parameter can be; check the URL.',
  },
  headers_too_large: {
    kind: 'too_large',
    status: 431,
    message:
      'The request line and headers exceed the {max} bytes this node reads; send a shorter URL and fewer headers.',
  },
  request_timeout: {
    kind: 'unavailable',
    status: 408,
    message: 'The request did not arrive completely within {ms} ms; send it again.',
  },
  bad_http_request: {
    kind: 'invalid',
    message: 'The request is not valid HTTP/1.1 ({problem}).',
  },
  node_stopping: {
    kind: 'unavailable',
    message:
      'The node is shutting down and takes no new requests; retry when it is back, or ask another node.',
  },
  invalid_cursor: {
    kind: 'invalid',
    message:
      '"{text}" is not a history cursor: pass a height (42) or the nextBefore of the previous page (42.3.0).',
  },
  invalid_base64: {
    kind: 'invalid',
    message: 'Transaction {index} is not standard padded base64.',
  },
  invalid_chamber: {
    kind: 'invalid',
    message: '"{chamber}" is not a chamber; use stake, members or maintainers.',
  },
  route_not_found: {
    kind: 'not_found',
    message: 'No route {method} {path}; GET /openapi.json lists every route.',
  },
  body_too_large: {
    kind: 'too_large',
    message:
      'The request body is larger than this node accepts; send fewer transactions per request.',
  },
  unsupported_media_type: {
    kind: 'invalid',
    status: 415,
    message: 'Send request bodies as application/json.',
  },
  internal: {
    kind: 'internal',
    message: 'The node failed to answer this request; its log has the details.',
  },
  tx_not_found: {
    kind: 'not_found',
    message: 'No committed or pending transaction has hash {hash}.',
  },
  block_not_found: { kind: 'not_found', message: 'No block {which}; the latest is {latest}.' },
  no_block_yet: {
    kind: 'unavailable',
    message:
      'No block has been committed yet, so there is nothing to show or prove against. Retry in a moment.',
  },
  validators_not_found: {
    kind: 'not_found',
    message:
      'No validator set is known for height {height}: it must be between 1 and the latest height + 2.',
  },
  too_many_subscribers: {
    kind: 'unavailable',
    message:
      'This node serves the most event subscribers it allows; retry later or poll /v1/blocks.',
  },
  node_unreachable: {
    kind: 'unavailable',
    exit: 'nodeUnreachable',
    message: 'The node at {url} {what}. Is it running? Check with: polity status --node {url}',
  },
  http_error: {
    kind: 'unavailable',
    message: 'The node answered HTTP {status} without an error body.',
  },
  bad_response: {
    kind: 'internal',
    message: 'The node at {url} sent an answer this client cannot read: {problem}.',
  },
  events_failed: { kind: 'unavailable', message: 'The event stream from {url} failed: {problem}.' },
  events_closed: { kind: 'unavailable', message: 'The node at {url} closed the event stream.' },
  proof_invalid: {
    kind: 'invalid',
    exit: 'proofInvalid',
    message: "The node's answer failed verification: {reason}. Do not trust this node's data.",
  },
  light_commit_missing: {
    kind: 'unavailable',
    exit: 'proofInvalid',
    message: 'The node has no commit for height {height} yet; retry shortly.',
  },
  light_checkpoint_mismatch: {
    kind: 'invalid',
    exit: 'proofInvalid',
    message:
      "The node's block {height} is not the trusted one: this node is on another chain or lying.",
  },
  light_proof_missing: {
    kind: 'invalid',
    exit: 'proofInvalid',
    message: 'The node sent no proof with the account.',
  },
});

/** The error kind a client infers from a status it received. */
export function kindOfStatus(status: number): ErrorKind {
  for (const [kind, s] of Object.entries(statusOfKind)) if (s === status) return kind as ErrorKind;
  if (status >= 500) return 'internal';
  return 'invalid';
}

/** The status a declared code is answered with. */
export function statusOf(error: PolityError): number {
  return errorSpecOf(error.code)?.status ?? statusOfKind[error.kind];
}

interface FastifyLikeError {
  readonly statusCode?: number;
  readonly message?: string;
}

/**
 * Maps anything thrown inside a handler or by Fastify to a declared error. Validation failures are
 * declared errors already (validation.ts).
 */
export function toApiError(error: unknown): PolityError {
  if (isPolityError(error)) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as FastifyLikeError;
  const status = e.statusCode ?? 500;
  if (status === 413) return apiErrors.body_too_large();
  if (status === 415) return apiErrors.unsupported_media_type();
  // Fastify's own client errors (malformed JSON, empty body): their messages are safe to show.
  if (status >= 400 && status < 500)
    return apiErrors.invalid_request({ where: 'request', problem: e.message ?? 'malformed' });
  return apiErrors.internal();
}

// Every failure leaves the API as `{ code, message }` with one status per error kind, so clients
// branch on stable codes and never see a stack trace.
import {
  isPolityError,
  polityError,
  statusOfKind,
  type ErrorKind,
  type PolityError,
} from '../lib/index.ts';
import type { ErrorJson } from './json.ts';

/** The error kind a client infers from a status it received. */
export function kindOfStatus(status: number): ErrorKind {
  for (const [kind, s] of Object.entries(statusOfKind)) if (s === status) return kind as ErrorKind;
  if (status >= 500) return 'internal';
  return 'invalid';
}

// Fastify validation errors name the failing field; path and query fields get their own code so
// `GET /v1/blocks/abc` says `invalid_height`, not a generic `invalid_request`.
const fieldCodes: Readonly<Record<string, string>> = {
  address: 'invalid_address',
  hash: 'invalid_hash',
  height: 'invalid_height',
  before: 'invalid_height',
  limit: 'invalid_limit',
  after: 'invalid_key',
  key: 'invalid_key',
};

interface FastifyLikeError {
  readonly statusCode?: number;
  readonly code?: string;
  readonly message?: string;
  readonly validation?: readonly {
    readonly instancePath?: string;
    readonly params?: Record<string, unknown>;
  }[];
  readonly validationContext?: string;
}

function validationError(e: FastifyLikeError): PolityError {
  const first = e.validation?.[0];
  const context = e.validationContext ?? 'request';
  const missing = first?.params?.['missingProperty'];
  const field =
    typeof missing === 'string'
      ? missing
      : ((first?.instancePath ?? '').split('/').filter((p) => p !== '')[0] ?? '');
  const code = context === 'body' ? 'invalid_request' : (fieldCodes[field] ?? 'invalid_request');
  const where = field === '' ? context : `${context} field "${field}"`;
  return polityError(
    code,
    'invalid',
    `Invalid ${where}: ${e.message ?? 'does not match the schema'}. See GET /openapi.json.`,
  );
}

/** Maps anything thrown inside a handler or by fastify to a typed error and its status. */
export function toApiError(error: unknown): {
  readonly status: number;
  readonly body: ErrorJson;
  readonly internal: boolean;
} {
  if (isPolityError(error)) {
    return {
      status: statusOfKind[error.kind],
      body: { code: error.code, message: error.message },
      internal: error.kind === 'internal',
    };
  }
  const e = (typeof error === 'object' && error !== null ? error : {}) as FastifyLikeError;
  if (e.validation !== undefined) {
    const pe = validationError(e);
    return { status: 400, body: { code: pe.code, message: pe.message }, internal: false };
  }
  const status = e.statusCode ?? 500;
  if (status === 413) {
    return {
      status,
      body: {
        code: 'body_too_large',
        message:
          'The request body is larger than this node accepts; send fewer transactions per request.',
      },
      internal: false,
    };
  }
  if (status === 415) {
    return {
      status,
      body: { code: 'unsupported_media_type', message: 'Send request bodies as application/json.' },
      internal: false,
    };
  }
  if (status >= 400 && status < 500) {
    // Fastify's own client errors (malformed JSON, empty body): their messages are safe to show.
    return {
      status: 400,
      body: { code: 'invalid_request', message: e.message ?? 'Malformed request.' },
      internal: false,
    };
  }
  return {
    status: 500,
    body: {
      code: 'internal',
      message: 'The node failed to answer this request; its log has the details.',
    },
    internal: true,
  };
}

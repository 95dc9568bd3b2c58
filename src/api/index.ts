// Public surface of src/api: the LedgerService boundary, the HTTP server, the JSON shapes it
// serves and its declared codes (the typed client is its own entry point, src/api/client/index.ts,
// "polity/client").
export * from './service.ts';
export type * from './json.ts';
export {
  createApiServer,
  type ApiLogger,
  type ApiServer,
  type ApiServerOptions,
} from './server.ts';
export { apiErrors } from './errors.ts';
export { eventHubDefaults, type EventHubOptions } from './events.ts';
export {
  bodyBytesMaxDefault,
  commitWaitMsDefault,
  commitWaitMsMax,
  pageSizeDefault,
  pageSizeMax,
  singleTxBodyBytesMax,
  txsPerRequestMax,
} from './params.ts';

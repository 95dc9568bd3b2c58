// The typed client of the node's HTTP API ("polity/client"), used by the CLI, the explorer and the
// tests. Proved reads are verified here, against validators the caller trusts, before returning.
import { decode } from '../../codec/index.ts';
import { formatAddress, parseAddress } from '../../crypto/index.ts';
import { fromBase64, fromHex, polityError, toBase64, toHex } from '../../lib/index.ts';
import { type Validator } from '../../types/index.ts';
import {
  ballotCodec,
  captureCodec,
  chambers,
  decodeTx,
  encodeTx,
  governanceKeys,
  governanceStateCodec,
  govProposalCodec,
  stakeValidatorCodec,
  stakingKeys,
  type Chamber,
  type SignedTx,
} from '../../execution/index.ts';
import { validatorFromJson } from '../fromJson.ts';
import type {
  AccountJson,
  BlockJson,
  BlockPageJson,
  CommittedTxJson,
  ProofJson,
  RecordHistoryJson,
  RecordJson,
  RecordKeysJson,
  StatusJson,
  SubmitResultJson,
  SubmitResponseJson,
  TxJson,
  ValidatorsJson,
} from '../json.ts';
import { signedTxToJson } from '../toJson.ts';
import { subscribeEvents, type SubscribeHandlers, type Subscription } from './events.ts';
import { createHttp, type FetchLike } from './http.ts';
import {
  verifyAccount,
  verifyBlock,
  verifyGovernanceValue,
  verifyRecord,
  verifyTx,
} from './verify.ts';
import { captureToJson, govStateToJson, proposalToJson } from '../govJson.ts';
import { stakeValidatorToJson } from '../stakingJson.ts';

interface GovProvenJson {
  readonly height: number;
  readonly encoded: string | null;
  readonly proof: ProofJson | null;
}

export type * from '../json.ts';
export type { FetchLike } from './http.ts';
export type { SubscribeHandlers, Subscription } from './events.ts';
export { verifyBlock, verifyHeaderCommit } from './verify.ts';

/** Options of createClient. */
export interface ClientOptions {
  /** The node's API base URL, e.g. http://127.0.0.1:26657. */
  readonly url: string;
  readonly fetch?: FetchLike;
  /** Per-request timeout; default 10 s (waits for commits get their wait time on top). */
  readonly timeoutMs?: number;
  /** Validators to verify commits against; by default fetched once from the node and cached. */
  readonly trustedValidators?: readonly Validator[];
  /** When set, proofs from another chain are rejected. */
  readonly chainId?: string;
}

/** Options of a submission. */
export interface SubmitOptions {
  readonly wait?: 'none' | 'commit';
  /** How long the node waits for the commit (wait=commit); default 10 s, at most 60 s. */
  readonly timeoutMs?: number;
}

/** Options of a governance read. */
export interface GovReadOptions {
  readonly prove?: boolean;
  /** Read as of this committed height. */
  readonly height?: number | undefined;
}

/** A governance response (shapes in docs/spec/governance.md). */
export type GovDocumentJson = Readonly<Record<string, unknown>>;

/** What `getBlock` takes: a height, a hex block hash, or "latest". */
export type BlockRef = number | string;

/** The typed client. */
export interface Client {
  status(): Promise<StatusJson>;
  /** The validator set of the latest height, or of `height`. */
  validators(height?: number): Promise<ValidatorsJson>;
  submitTx(tx: SignedTx | Uint8Array, options?: SubmitOptions): Promise<SubmitResultJson>;
  submitTxs(
    txs: readonly (SignedTx | Uint8Array)[],
    options?: SubmitOptions,
  ): Promise<readonly SubmitResultJson[]>;
  /** A transaction; committed ones are verified unless `verify: false`. Unknown → `tx_not_found`. */
  getTx(hash: string, options?: { readonly verify?: boolean }): Promise<TxJson>;
  /** A block; with `verify`, its hash, tx root and commit are checked against the trusted validators. */
  getBlock(ref: BlockRef, options?: { readonly verify?: boolean }): Promise<BlockJson>;
  listBlocks(options?: {
    readonly before?: number;
    readonly limit?: number;
  }): Promise<BlockPageJson>;
  getAccount(address: string, options?: { readonly prove?: boolean }): Promise<AccountJson>;
  /** Governance state; with `prove`, verified and rebuilt from the proved bytes. */
  governance(options?: GovReadOptions): Promise<GovDocumentJson>;
  proposals(options?: {
    readonly before?: number;
    readonly limit?: number;
  }): Promise<GovDocumentJson>;
  /** A proposal (with its live count while voting); with `prove`, verified. */
  proposal(id: number, options?: GovReadOptions): Promise<GovDocumentJson>;
  /** A voter's own ballot; with `prove`, verified (a proof of absence when it did not vote). */
  ballot(
    id: number,
    chamber: string,
    address: string,
    options?: GovReadOptions,
  ): Promise<GovDocumentJson>;
  chambers(): Promise<GovDocumentJson>;
  /** Capture metrics; with `prove`, verified. */
  capture(options?: GovReadOptions): Promise<GovDocumentJson>;
  /** Staking parameters and validators (public chains). */
  staking(): Promise<GovDocumentJson>;
  /** A validator's stake, status and slashes; with `prove`, verified and rebuilt from the bytes. */
  stakeValidator(address: string, options?: { readonly prove?: boolean }): Promise<GovDocumentJson>;
  /** An account's delegations and unbondings. */
  delegator(address: string): Promise<GovDocumentJson>;
  captureHistory(options?: {
    readonly before?: number;
    readonly limit?: number;
  }): Promise<GovDocumentJson>;
  getRecord(
    address: string,
    key: string,
    options?: { readonly prove?: boolean },
  ): Promise<RecordJson>;
  recordHistory(
    address: string,
    key: string,
    /** `before`: a height, or the `nextBefore` cursor of the previous page. */
    options?: { readonly before?: number | string; readonly limit?: number },
  ): Promise<RecordHistoryJson>;
  listRecords(
    address: string,
    options?: { readonly after?: string; readonly limit?: number },
  ): Promise<RecordKeysJson>;
  subscribe(handlers: SubscribeHandlers): Subscription;
  /** The nonce the next transaction of `address` must carry, counting its transactions still in the mempool. */
  nextNonce(address: string): Promise<number>;
}

const timeoutMsDefault = 10_000;
const commitWaitMsDefault = 10_000;

function encoded(tx: SignedTx | Uint8Array): string {
  return toBase64(tx instanceof Uint8Array ? tx : encodeTx(tx));
}

function hashArg(hash: string): Uint8Array {
  const bytes = fromHex(hash);
  if (bytes?.length !== 32)
    throw polityError(
      'invalid_hash',
      'invalid',
      `"${hash.slice(0, 80)}" is not a hash: expected 64 hex characters.`,
    );
  return bytes;
}

/** Creates a client for the node at `options.url`. */
export function createClient(options: ClientOptions): Client {
  const timeoutMs = options.timeoutMs ?? timeoutMsDefault;
  const http = createHttp(
    options.url,
    options.fetch ?? ((input, init) => fetch(input, init)),
    timeoutMs,
  );
  let validatorsCache: Promise<readonly Validator[]> | undefined;

  // The node's answers are typed by its response schemas; the casts below trust the shape, and
  // proved reads are then checked byte for byte.
  const get = async <T>(
    path: string,
    query?: Record<string, string | number | boolean | undefined>,
  ): Promise<T> =>
    (await http.request({ method: 'GET', path, ...(query === undefined ? {} : { query }) }))
      .body as T;

  const trusted = (): Promise<readonly Validator[]> => {
    if (options.trustedValidators !== undefined) return Promise.resolve(options.trustedValidators);
    validatorsCache ??= get<ValidatorsJson>('/v1/validators').then((j) =>
      j.validators.map(validatorFromJson),
    );
    // A failed fetch is not cached, so the next call retries.
    validatorsCache.catch(() => (validatorsCache = undefined));
    return validatorsCache;
  };

  // A governance read: with `prove`, the bytes are verified against a committed header and the
  // named field is rebuilt from them, so nothing in the answer is taken on the node's word.
  const govRead = async (
    path: string,
    key: Uint8Array,
    opts: GovReadOptions,
    field: string,
    render: (raw: Uint8Array) => unknown,
  ): Promise<GovDocumentJson> => {
    const body = await get<GovDocumentJson & GovProvenJson>(path, {
      prove: opts.prove === true ? true : undefined,
      height: opts.height,
    });
    if (opts.prove !== true) return body;
    const raw = verifyGovernanceValue(key, body, await trusted(), options.chainId);
    return { ...body, [field]: raw === undefined ? null : render(raw) };
  };

  const submitMany = async (
    txs: readonly (SignedTx | Uint8Array)[],
    opts: SubmitOptions = {},
  ): Promise<readonly SubmitResultJson[]> => {
    const waitMs = opts.wait === 'commit' ? (opts.timeoutMs ?? commitWaitMsDefault) : 0;
    const { body } = (await http.request({
      method: 'POST',
      path: '/v1/txs',
      body: { txs: txs.map(encoded), ...opts },
      timeoutMs: timeoutMs + waitMs,
    })) as { body: SubmitResponseJson };
    return body.results;
  };

  const client: Client = {
    status: () => get('/v1/status'),
    validators: (height) =>
      get(height === undefined ? '/v1/validators' : `/v1/validators?height=${String(height)}`),
    async submitTx(tx, opts) {
      const [result] = await submitMany([tx], opts);
      if (result === undefined)
        throw polityError(
          'bad_response',
          'internal',
          'The node answered a submission with no result.',
        );
      return result;
    },
    submitTxs: submitMany,

    async getTx(hash, opts = {}) {
      const bytes = hashArg(hash);
      const body = await get<TxJson>(`/v1/txs/${toHex(bytes)}`);
      if (body.status !== 'committed' || opts.verify === false) return body;
      verifyTx(bytes, body, await trusted(), options.chainId);
      // The decoded view is rebuilt from the verified bytes rather than taken on trust.
      const verified: CommittedTxJson = {
        ...body,
        tx: signedTxToJson(decodeTx(fromBase64(body.raw) ?? new Uint8Array())),
      };
      return verified;
    },

    async getBlock(ref, opts = {}) {
      const path =
        ref === 'latest'
          ? '/v1/blocks/latest'
          : typeof ref === 'number'
            ? `/v1/blocks/${ref}`
            : `/v1/blocks/hash/${toHex(hashArg(ref))}`;
      const block = await get<BlockJson>(path);
      if (opts.verify === true) verifyBlock(block, await trusted(), options.chainId);
      return block;
    },
    listBlocks: (opts = {}) => get('/v1/blocks', { before: opts.before, limit: opts.limit }),

    async getAccount(address, opts = {}) {
      const bytes = parseAddress(address);
      const body = await get<AccountJson>(`/v1/accounts/${address}`, {
        prove: opts.prove === true ? true : undefined,
      });
      if (opts.prove === true) verifyAccount(bytes, body, await trusted(), options.chainId);
      return body;
    },

    governance: (opts = {}) =>
      govRead('/v1/governance', governanceKeys.state, opts, 'governance', (raw) =>
        govStateToJson(decode(governanceStateCodec, raw)),
      ),
    proposals: (opts = {}) =>
      get('/v1/governance/proposals', { before: opts.before, limit: opts.limit }),
    proposal: (id, opts = {}) =>
      govRead(
        `/v1/governance/proposals/${id}`,
        governanceKeys.proposal(id),
        opts,
        'proposal',
        (raw) => proposalToJson(decode(govProposalCodec, raw)),
      ),
    ballot(id, chamber, address, opts = {}) {
      const voter = parseAddress(address);
      if (!(chambers as readonly string[]).includes(chamber))
        throw polityError(
          'invalid_chamber',
          'invalid',
          'A chamber is stake, members or maintainers.',
        );
      return govRead(
        `/v1/governance/proposals/${id}/ballots/${chamber}/${address}`,
        governanceKeys.vote(id, chamber as Chamber, voter),
        opts,
        'ballot',
        (raw) => {
          const b = decode(ballotCodec, raw);
          return { choice: b.choice, candidates: b.candidates.map((c) => formatAddress(c)) };
        },
      );
    },
    chambers: () => get('/v1/governance/chambers'),
    capture: (opts = {}) =>
      govRead('/v1/governance/capture', governanceKeys.capture, opts, 'capture', (raw) =>
        captureToJson(decode(captureCodec, raw)),
      ),
    staking: () => get('/v1/staking'),
    async stakeValidator(address, opts = {}) {
      const key = stakingKeys.validator(parseAddress(address));
      const body = await get<GovDocumentJson & GovProvenJson>(`/v1/staking/validators/${address}`, {
        prove: opts.prove === true ? true : undefined,
      });
      if (opts.prove === true) {
        const raw = verifyGovernanceValue(key, body, await trusted(), options.chainId);
        if (raw === undefined)
          throw polityError('proof_invalid', 'invalid', 'The node proved no validator.');
        const v = decode(stakeValidatorCodec, raw);
        const shown = body['validator'] as { power: number };
        return { ...body, validator: stakeValidatorToJson(parseAddress(address), v, shown.power) };
      }
      return body;
    },
    delegator: (address) => get(`/v1/staking/delegators/${parseAddressText(address)}`),
    captureHistory: (opts = {}) =>
      get('/v1/governance/capture/history', { before: opts.before, limit: opts.limit }),

    async getRecord(address, key, opts = {}) {
      const owner = parseAddress(address);
      const body = await get<RecordJson>(`/v1/records/${address}/${encodeURIComponent(key)}`, {
        prove: opts.prove === true ? true : undefined,
      });
      if (opts.prove === true) verifyRecord(owner, key, body, await trusted(), options.chainId);
      return body;
    },

    recordHistory: (address, key, opts = {}) =>
      get(`/v1/records/${parseAddressText(address)}/${encodeURIComponent(key)}/history`, {
        before: opts.before === undefined ? undefined : String(opts.before),
        limit: opts.limit,
      }),
    listRecords: (address, opts = {}) =>
      get(`/v1/accounts/${parseAddressText(address)}/records`, {
        after: opts.after,
        limit: opts.limit,
      }),

    subscribe: (handlers) => subscribeEvents(http, handlers),

    async nextNonce(address) {
      return (await client.getAccount(address)).pendingNonce;
    },
  };
  return client;
}

// Checks an address locally (a typo fails fast with invalid_address, without a round trip).
function parseAddressText(address: string): string {
  parseAddress(address);
  return address;
}

export {
  createLightClient,
  type LightClient,
  type TrustedCheckpoint,
  type VerifiedHeader,
} from './light.ts';

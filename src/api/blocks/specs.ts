// Block routes and shapes: a block with its commits and evidence, and newest-first pages of them.
import { Type } from 'typebox';
import { apiErrors } from '../errors.ts';
import { pageSizeDefault, pageSizeMax } from '../params.ts';
import { defineRoute } from '../routes/route.ts';
import { withErrorCode } from '../validation.ts';
import { commitShape, headerShape } from '../shapes/common.ts';
import {
  component,
  count,
  hash,
  height,
  hex,
  address,
  nullable,
  object,
  type JsonOfComponent,
} from '../shapes/shape.ts';

/** Evidence that a validator signed two different votes for one height, round and type. */
export const evidenceShape = component(
  'Evidence',
  object({
    type: Type.Literal('duplicateVote'),
    validator: address,
    height: count,
    round: count,
    voteType: Type.Union([Type.Literal('prevote'), Type.Literal('precommit')]),
    blockHashA: nullable(hex),
    blockHashB: nullable(hex),
  }),
  'Two conflicting votes of one validator (null: a vote for no block).',
);
/** Evidence of double signing. */
export type EvidenceJson = JsonOfComponent<typeof evidenceShape>;

/** A block: its header and hash, its transactions' hashes, and the commits around it. */
export const blockShape = component(
  'Block',
  object({
    hash: hex,
    header: headerShape.ref,
    txs: Type.Array(hex),
    lastCommit: nullable(commitShape.ref),
    commit: nullable(commitShape.ref),
    evidenceCount: count,
    evidence: Type.Array(evidenceShape.ref),
  }),
  "A block: hash, header, its transactions' hashes, the previous block's commit it carries, the commit finalising it (null while unknown) and its evidence.",
);
/** A block. */
export type BlockJson = JsonOfComponent<typeof blockShape>;

/** A page of blocks, newest first. */
export const blockPageShape = component(
  'BlockPage',
  object({
    blocks: Type.Array(object({ hash: hex, header: headerShape.ref, txCount: count })),
    nextBefore: nullable(height),
  }),
  'Blocks newest first; nextBefore continues the listing (null after height 1).',
);
/** A page of blocks. */
export type BlockPageJson = JsonOfComponent<typeof blockPageShape>;
/** A block in a listing. */
export type BlockSummaryJson = BlockPageJson['blocks'][number];

/** Query `limit` of every listing. */
export const limit = withErrorCode(
  Type.Integer({ minimum: 1, maximum: pageSizeMax, default: pageSizeDefault }),
  'invalid_limit',
);

/** The block routes. */
export const blockSpecs = {
  latest: defineRoute({
    operationId: 'getLatestBlock',
    method: 'GET',
    url: '/v1/blocks/latest',
    summary: 'The newest block',
    tag: 'blocks',
    response: blockShape.ref,
    errors: [apiErrors.no_block_yet, apiErrors.block_not_found],
  }),
  byHeight: defineRoute({
    operationId: 'getBlock',
    method: 'GET',
    url: '/v1/blocks/:height',
    summary: 'A block by height',
    tag: 'blocks',
    params: object({ height }),
    response: blockShape.ref,
    errors: [apiErrors.invalid_height, apiErrors.block_not_found],
  }),
  byHash: defineRoute({
    operationId: 'getBlockByHash',
    method: 'GET',
    url: '/v1/blocks/hash/:hash',
    summary: 'A block by hash',
    tag: 'blocks',
    params: object({ hash }),
    response: blockShape.ref,
    errors: [apiErrors.invalid_hash, apiErrors.block_not_found],
  }),
  list: defineRoute({
    operationId: 'listBlocks',
    method: 'GET',
    url: '/v1/blocks',
    summary: 'Blocks, newest first',
    description: `Blocks below height \`before\` (default: from the latest), at most \`limit\` (default ${pageSizeDefault}, max ${pageSizeMax}). Continue with before=nextBefore.`,
    tag: 'blocks',
    querystring: object({ before: Type.Optional(height), limit: Type.Optional(limit) }),
    response: blockPageShape.ref,
    errors: [apiErrors.invalid_height, apiErrors.invalid_limit],
  }),
} as const;

/** The components of the block routes. */
export const blockComponents = [evidenceShape, blockShape, blockPageShape] as const;

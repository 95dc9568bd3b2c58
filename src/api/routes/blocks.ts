// Block routes: latest, by height, by hash, and a newest-first paged listing.
import { polityError, toHex } from '../../lib/index.ts';
import { txHash } from '../../execution/index.ts';
import type { BlockJson, BlockPageJson, BlockSummaryJson } from '../json.ts';
import { hashParam, pageSizeDefault, pageSizeMax } from '../params.ts';
import {
  blockPageSchema,
  blockSchema,
  hashSchema,
  limitSchema,
  responses,
  schemaParts,
} from '../schemas.ts';
import type { StoredBlock } from '../service.ts';
import { blockToJson, headerToJson } from '../toJson.ts';
import type { RouteContext } from './context.ts';

const { obj } = schemaParts;
const heightSchema = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER };

function toJson(stored: StoredBlock): BlockJson {
  return blockToJson(stored, stored.block.txs.map(txHash));
}

/** GET /v1/blocks/latest, /v1/blocks/:height, /v1/blocks/hash/:hash, /v1/blocks. */
export function registerBlockRoutes({ app, service }: RouteContext): void {
  const tags = ['blocks'];
  const byHeight = (height: number): BlockJson => {
    const stored = service.getBlockByHeight(height);
    if (stored === undefined) {
      throw polityError(
        'block_not_found',
        'not_found',
        `No block at height ${height}; the latest is ${service.status().latestHeight}.`,
      );
    }
    return toJson(stored);
  };

  app.get(
    '/v1/blocks/latest',
    { schema: { summary: 'The newest block', tags, response: responses(blockSchema) } },
    () => {
      const latest = service.status().latestHeight;
      if (latest < 1)
        throw polityError(
          'no_block_yet',
          'unavailable',
          'No block has been committed yet. Retry in a moment.',
        );
      return byHeight(latest);
    },
  );

  app.get<{ Params: { height: number } }>(
    '/v1/blocks/:height',
    {
      schema: {
        summary: 'A block by height',
        tags,
        params: obj({ height: heightSchema }),
        response: responses(blockSchema),
      },
    },
    (request) => byHeight(request.params.height),
  );

  app.get<{ Params: { hash: string } }>(
    '/v1/blocks/hash/:hash',
    {
      schema: {
        summary: 'A block by hash',
        tags,
        params: obj({ hash: hashSchema }),
        response: responses(blockSchema),
      },
    },
    (request) => {
      const hash = hashParam(request.params.hash);
      const stored = service.getBlockByHash(hash);
      if (stored === undefined)
        throw polityError('block_not_found', 'not_found', `No block has hash ${toHex(hash)}.`);
      return toJson(stored);
    },
  );

  app.get<{ Querystring: { before?: number; limit: number } }>(
    '/v1/blocks',
    {
      schema: {
        summary: 'Blocks, newest first',
        description: `Blocks below height \`before\` (default: from the latest), at most \`limit\` (default ${pageSizeDefault}, max ${pageSizeMax}). Continue with before=nextBefore.`,
        tags,
        querystring: obj(
          { before: heightSchema, limit: limitSchema(pageSizeMax, pageSizeDefault) },
          ['before', 'limit'],
        ),
        response: responses(blockPageSchema),
      },
    },
    (request): BlockPageJson => {
      const latest = service.status().latestHeight;
      const top = Math.min(request.query.before ?? latest + 1, latest + 1) - 1;
      const blocks: BlockSummaryJson[] = [];
      let h = top;
      for (; h >= 1 && blocks.length < request.query.limit; h--) {
        const stored = service.getBlockByHeight(h);
        if (stored === undefined) break;
        blocks.push({
          hash: toHex(stored.hash),
          header: headerToJson(stored.block.header),
          txCount: stored.block.txs.length,
        });
      }
      return { blocks, nextBefore: h >= 1 ? h + 1 : null };
    },
  );
}

// Block routes: latest, by height, by hash, and a newest-first paged listing.
import { formatAddress } from '../../crypto/index.ts';
import { toHex } from '../../lib/index.ts';
import { decodeEvidence, voteTypes } from '../../types/index.ts';
import { txHash } from '../../execution/index.ts';
import { apiErrors } from '../errors.ts';
import { hashParam, pageSizeDefault } from '../params.ts';
import type { RouteModule } from '../routes/context.ts';
import { handle } from '../routes/route.ts';
import type { StoredBlock } from '../service.ts';
import { headerToJson, optionalCommitToJson } from '../shapes/chainJson.ts';
import {
  blockComponents,
  blockSpecs,
  type BlockJson,
  type BlockSummaryJson,
  type EvidenceJson,
} from './specs.ts';

/** One piece of evidence as carried in a block. */
export function evidenceToJson(encoded: Uint8Array): EvidenceJson {
  const e = decodeEvidence(encoded);
  const a = e.voteA.vote;
  const b = e.voteB.vote;
  return {
    type: 'duplicateVote',
    validator: formatAddress(a.validator),
    height: a.height,
    round: a.round,
    voteType: a.type === voteTypes.prevote ? 'prevote' : 'precommit',
    blockHashA: a.blockHash === undefined ? null : toHex(a.blockHash),
    blockHashB: b.blockHash === undefined ? null : toHex(b.blockHash),
  };
}

/** A stored block. */
export function blockToJson(stored: StoredBlock): BlockJson {
  return {
    hash: toHex(stored.hash),
    header: headerToJson(stored.block.header),
    txs: stored.block.txs.map((tx) => toHex(txHash(tx))),
    lastCommit: optionalCommitToJson(stored.block.lastCommit),
    commit: optionalCommitToJson(stored.commit),
    evidenceCount: stored.block.evidence.length,
    evidence: stored.block.evidence.map(evidenceToJson),
  };
}

/** GET /v1/blocks/latest, /v1/blocks/:height, /v1/blocks/hash/:hash, /v1/blocks. */
export const blockRoutes: RouteModule = {
  tag: 'blocks',
  description: 'Blocks with their commits, by height or hash, and newest-first pages.',
  components: blockComponents,
  specs: blockSpecs,
  register({ app, service }) {
    const byHeight = (height: number): BlockJson => {
      const stored = service.getBlockByHeight(height);
      if (stored === undefined)
        throw apiErrors.block_not_found({
          which: `at height ${height}`,
          latest: service.status().latestHeight,
        });
      return blockToJson(stored);
    };
    handle(app, blockSpecs.latest, () => {
      const latest = service.status().latestHeight;
      if (latest < 1) throw apiErrors.no_block_yet();
      return byHeight(latest);
    });
    handle(app, blockSpecs.byHeight, ({ params }) => byHeight(params.height));
    handle(app, blockSpecs.byHash, ({ params }) => {
      const hash = hashParam(params.hash);
      const stored = service.getBlockByHash(hash);
      if (stored === undefined)
        throw apiErrors.block_not_found({
          which: `with hash ${toHex(hash)}`,
          latest: service.status().latestHeight,
        });
      return blockToJson(stored);
    });
    handle(app, blockSpecs.list, ({ query }) => {
      const latest = service.status().latestHeight;
      const top = Math.min(query.before ?? latest + 1, latest + 1) - 1;
      const limit = query.limit ?? pageSizeDefault;
      const blocks: BlockSummaryJson[] = [];
      let h = top;
      for (; h >= 1 && blocks.length < limit; h--) {
        const stored = service.getBlockByHeight(h);
        if (stored === undefined) break;
        blocks.push({
          hash: toHex(stored.hash),
          header: headerToJson(stored.block.header),
          txCount: stored.block.txs.length,
        });
      }
      return { blocks, nextBefore: h >= 1 ? h + 1 : null };
    });
  },
};

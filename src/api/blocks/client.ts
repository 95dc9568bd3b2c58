// The typed client's block reads; with `verify`, a block's hash, tx root and commit are checked
// against the trusted validators.
import { fromHex, toHex } from '../../lib/index.ts';
import { apiErrors } from '../errors.ts';
import type { ClientContext, PageOptions } from '../client/context.ts';
import { verifyBlock } from '../client/verify.ts';
import { blockSpecs, type BlockJson, type BlockPageJson } from './specs.ts';

/** What `getBlock` takes: a height, a hex block hash, or "latest". */
export type BlockRef = number | string;

/** The block reads of the typed client. */
export interface BlockClient {
  /** A block; with `verify`, its hash, tx root and commit are checked against the trusted validators. */
  getBlock(ref: BlockRef, options?: { readonly verify?: boolean }): Promise<BlockJson>;
  listBlocks(options?: PageOptions): Promise<BlockPageJson>;
}

/** A 32-byte hash given by the caller (a typo fails here, without a round trip). */
export function hashArg(hash: string): Uint8Array {
  const bytes = fromHex(hash);
  if (bytes?.length !== 32)
    throw apiErrors.invalid_hash({
      where: `hash "${hash.slice(0, 80)}"`,
      problem: 'not 32 bytes of hex',
    });
  return bytes;
}

/** The block methods over `ctx`. */
export function blockClient(ctx: ClientContext): BlockClient {
  return {
    async getBlock(ref, opts = {}) {
      const block =
        ref === 'latest'
          ? await ctx.call(blockSpecs.latest)
          : typeof ref === 'number'
            ? await ctx.call(blockSpecs.byHeight, { params: { height: ref } })
            : await ctx.call(blockSpecs.byHash, { params: { hash: toHex(hashArg(ref)) } });
      if (opts.verify === true) verifyBlock(block, await ctx.trusted(), ctx.chainId);
      return block;
    },
    listBlocks: (opts = {}) => ctx.call(blockSpecs.list, { query: opts }),
  };
}

// The light client over HTTP: trust one header (height and hash, obtained out of band), and every
// later header the node serves is believed only once src/light has verified it from there —
// commit signatures of validators already trusted, bisecting across validator-set changes. Then
// state proofs checked against a verified header need no trust in the node at all.
import { parseAddress } from '../../crypto/index.ts';
import { equalBytes } from '../../lib/index.ts';
import { apiErrors } from '../errors.ts';
import {
  verifyStateAgainstHeader,
  verifyToHeight,
  type LightBlock,
  type TrustOptions,
} from '../../light/index.ts';
import { stateProofFromJson } from '../../state/index.ts';
import { blockHash, type Header } from '../../types/index.ts';
import { accountStateKey, encodeAccount } from '../../execution/index.ts';
import {
  accountFromJson,
  commitFromJson,
  headerFromJson,
  hexBytes,
  validatorFromJson,
} from '../fromJson.ts';
import type { AccountJson, BlockJson, StatusJson, ValidatorsJson } from '../json.ts';

/** The parts of the typed client a light client reads through (see ./index.ts). */
export interface LightSource {
  status(): Promise<StatusJson>;
  getBlock(height: number): Promise<BlockJson>;
  validators(height?: number): Promise<ValidatorsJson>;
  getAccount(address: string, options?: { readonly prove?: boolean }): Promise<AccountJson>;
}

/** A header the user trusts, identified out of band (a block explorer, a friend, genesis). */
export interface TrustedCheckpoint {
  readonly height: number;
  /** Hex block hash. */
  readonly hash: string;
}

/** The result of verifying a header from the checkpoint. */
export interface VerifiedHeader {
  readonly header: Header;
  readonly hash: Uint8Array;
  /** Heights verified on the way. */
  readonly path: readonly number[];
  readonly fetches: number;
}

/** A light client bound to one node and one trusted checkpoint. */
export interface LightClient {
  /** Verifies the header at `height` (default: the node's latest). */
  verifyHeader(height?: number): Promise<VerifiedHeader>;
  /** An account read whose proof is checked against a header verified from the checkpoint. */
  verifiedAccount(
    address: string,
  ): Promise<{ readonly account: AccountJson; readonly header: VerifiedHeader }>;
}

/** Creates a light client over `client`. */
export function createLightClient(
  client: LightSource,
  checkpoint: TrustedCheckpoint,
  options: TrustOptions & { readonly nowMs?: () => number } = {},
): LightClient {
  const now = options.nowMs ?? ((): number => Date.now());
  const fetchLightBlock = async (height: number): Promise<LightBlock> => {
    const [block, validators, next] = await Promise.all([
      client.getBlock(height),
      client.validators(height),
      client.validators(height + 1),
    ]);
    if (block.commit === null) {
      throw apiErrors.light_commit_missing({ height });
    }
    return {
      header: headerFromJson(block.header),
      commit: commitFromJson(block.commit),
      validators: validators.validators.map(validatorFromJson),
      nextValidators: next.validators.map(validatorFromJson),
    };
  };
  let trusted: LightBlock | undefined;
  const trustedBlock = async (): Promise<LightBlock> => {
    if (trusted !== undefined) return trusted;
    const block = await fetchLightBlock(checkpoint.height);
    if (!equalBytes(blockHash(block.header), hexBytes(checkpoint.hash, 'trusted hash', 32))) {
      throw apiErrors.light_checkpoint_mismatch({ height: checkpoint.height });
    }
    trusted = block;
    return block;
  };
  const verifyHeader = async (height?: number): Promise<VerifiedHeader> => {
    const target = height ?? (await client.status()).latestHeight;
    const start = await trustedBlock();
    if (target === start.header.height) {
      return { header: start.header, hash: blockHash(start.header), path: [], fetches: 1 };
    }
    const result = await verifyToHeight(start, target, fetchLightBlock, now(), options);
    return {
      header: result.block.header,
      hash: blockHash(result.block.header),
      path: result.heights,
      fetches: result.fetches + 1,
    };
  };
  return {
    verifyHeader,
    async verifiedAccount(address) {
      const account = await client.getAccount(address, { prove: true });
      const proof = account.proof;
      if (proof === undefined) {
        throw apiErrors.light_proof_missing();
      }
      const header = await verifyHeader(account.height);
      const value = accountFromJson(account);
      verifyStateAgainstHeader(
        header.header,
        accountStateKey(parseAddress(account.address)),
        value === undefined ? undefined : encodeAccount(value),
        stateProofFromJson(proof.state),
      );
      return { account, header };
    },
  };
}

// The client's checks of what a node claims. A state read is trusted only if its proof leads to the
// header's state root, that header is the one the commit signs, the commit carries +2/3 of the
// trusted validators' power, and those validators are the set the header names. A transaction is
// trusted only if its hash and receipt are in the header's tx and receipts roots.
import { listRoot, verifyListProof } from '../../crypto/index.ts';
import { equalBytes, fromBase64, isPolityError, toHex } from '../../lib/index.ts';
import { stateProofFromJson, verifyStateProof } from '../../state/index.ts';
import {
  blockHash,
  receiptHash,
  validatorSetHash,
  verifyCommit,
  type Header,
  type Validator,
} from '../../types/index.ts';
import {
  accountStateKey,
  decodeTx,
  encodeAccount,
  encodeRecord,
  recordStateKey,
  txHash,
} from '../../execution/index.ts';
import {
  accountFromJson,
  commitFromJson,
  headerFromJson,
  hexBytes,
  listProofFromJson,
  proofInvalid,
  receiptFromJson,
  recordEntryFromJson,
} from '../fromJson.ts';
import { apiErrors } from '../errors.ts';
import type {
  AccountJson,
  BlockJson,
  CommitJson,
  CommittedTxJson,
  ProofJson,
  RecordJson,
} from '../json.ts';

// Runs a check; anything it throws other than proof_invalid (a codec bound, a malformed proof)
// also means the answer cannot be trusted.
function checked<T>(what: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (isPolityError(error, apiErrors.proof_invalid)) throw error;
    throw proofInvalid(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * What a verification trusts: a validator set (the commit must carry +2/3 of its power, and the
 * header must name it), or one header known by its hash (a saved proof checked offline against a
 * block the user trusts: the header must be that very one, and then its commit adds nothing).
 */
export type Trust = readonly Validator[] | TrustedHeaderHash;

/** A header trusted by its block hash. */
export interface TrustedHeaderHash {
  readonly headerHash: Uint8Array;
}

function isTrustedHeader(trust: Trust): trust is TrustedHeaderHash {
  return 'headerHash' in trust;
}

/**
 * Checks that `commit` finalises `header` with +2/3 of the trusted validators, the set the header
 * names — or, trusting one header, that `header` is it.
 */
export function verifyHeaderCommit(
  header: Header,
  commitJson: CommitJson | null,
  trust: Trust,
  chainId: string | undefined,
): void {
  checked('header', () => {
    if (chainId !== undefined && header.chainId !== chainId) {
      throw proofInvalid(`the header is of chain "${header.chainId}", not "${chainId}"`);
    }
    if (isTrustedHeader(trust)) {
      if (!equalBytes(blockHash(header), trust.headerHash))
        throw proofInvalid(
          `the proof's header (block ${header.height}, ${toHex(blockHash(header))}) is not the trusted one (${toHex(trust.headerHash)})`,
        );
      return;
    }
    const validators = trust;
    if (commitJson === null) throw proofInvalid(`no commit finalises block ${header.height} yet`);
    const commit = commitFromJson(commitJson);
    if (commit.height !== header.height || !equalBytes(commit.blockHash, blockHash(header))) {
      throw proofInvalid('the commit is for another block than the header');
    }
    if (!equalBytes(validatorSetHash(validators), header.validatorsHash)) {
      throw proofInvalid('the header names another validator set than the trusted one');
    }
    const result = verifyCommit(header.chainId, commit, validators);
    if (!result.ok) throw proofInvalid(`the commit does not verify (${result.reason})`);
  });
}

function verifyState(
  key: Uint8Array,
  value: Uint8Array | undefined,
  height: number,
  proof: ProofJson | undefined,
  validators: Trust,
  chainId: string | undefined,
): void {
  checked('state proof', () => {
    if (proof === undefined) throw proofInvalid('the node sent no proof');
    const header = headerFromJson(proof.header);
    if (header.height !== height)
      throw proofInvalid('the proof is against another height than the answer');
    const stateProof = stateProofFromJson(proof.state);
    if (!verifyStateProof(header.stateRoot, key, value, stateProof)) {
      throw proofInvalid('the state proof does not lead to the header state root');
    }
    verifyHeaderCommit(header, proof.commit, validators, chainId);
  });
}

/**
 * Verifies a proved governance read: `encoded` (the value's canonical bytes, or null for absence)
 * is what the state holds at `key` under the header's state root, and the header is committed.
 */
export function verifyGovernanceValue(
  key: Uint8Array,
  json: {
    readonly height: number;
    readonly encoded: string | null;
    readonly proof: ProofJson | null;
  },
  validators: Trust,
  chainId: string | undefined,
): Uint8Array | undefined {
  const value = checked('governance value', () => {
    if (json.encoded === null) return undefined;
    const bytes = fromBase64(json.encoded);
    if (bytes === undefined) throw proofInvalid('the encoded value is not base64');
    return bytes;
  });
  verifyState(key, value, json.height, json.proof ?? undefined, validators, chainId);
  return value;
}

/** Verifies a proved account read for `address`. */
export function verifyAccount(
  address: Uint8Array,
  json: AccountJson,
  validators: Trust,
  chainId: string | undefined,
): void {
  const value = checked('account', () => {
    const account = accountFromJson(json);
    return account === undefined ? undefined : encodeAccount(account);
  });
  verifyState(accountStateKey(address), value, json.height, json.proof, validators, chainId);
}

/** Verifies a proved record read of `owner`'s `key`. */
export function verifyRecord(
  owner: Uint8Array,
  key: string,
  json: RecordJson,
  validators: Trust,
  chainId: string | undefined,
): void {
  const value = checked('record', () =>
    json.record === null ? undefined : encodeRecord(recordEntryFromJson(json.record)),
  );
  verifyState(recordStateKey(owner, key), value, json.height, json.proof, validators, chainId);
}

/** Verifies a committed transaction: its bytes hash to `hash`, its tx and receipt proofs, its header's commit. */
export function verifyTx(
  hash: Uint8Array,
  json: CommittedTxJson,
  validators: Trust,
  chainId: string | undefined,
): void {
  checked('transaction', () => {
    const raw = fromBase64(json.raw);
    if (raw === undefined) throw proofInvalid('the raw transaction is not base64');
    if (!equalBytes(txHash(raw), hash) || json.hash !== toHex(hash)) {
      throw proofInvalid('the transaction bytes do not hash to the requested hash');
    }
    decodeTx(raw);
    const header = headerFromJson(json.header);
    if (header.height !== json.height)
      throw proofInvalid('the header is of another height than the transaction');
    const txProof = listProofFromJson(json.txProof);
    if (txProof.index !== json.index || !verifyListProof(header.txRoot, hash, txProof)) {
      throw proofInvalid('the transaction is not in the header tx root');
    }
    const receipt = receiptFromJson(json.receipt);
    const receiptProof = listProofFromJson(json.receiptProof);
    if (!equalBytes(receipt.txHash, hash) || receiptProof.index !== json.index) {
      throw proofInvalid('the receipt is of another transaction');
    }
    if (!verifyListProof(header.receiptsRoot, receiptHash(receipt), receiptProof)) {
      throw proofInvalid('the receipt is not in the header receipts root');
    }
    verifyHeaderCommit(header, json.commit, validators, chainId);
  });
}

/**
 * Verifies a block read: its hash is its header's, its transaction hashes make the header's tx
 * root, and its commit carries +2/3 of the trusted validators.
 */
export function verifyBlock(
  block: BlockJson,
  validators: Trust,
  chainId: string | undefined,
): void {
  checked('block', () => {
    const header = headerFromJson(block.header);
    if (!equalBytes(blockHash(header), hexBytes(block.hash, 'block hash', 32))) {
      throw proofInvalid('the block hash is not the hash of its header');
    }
    const txHashes = block.txs.map((h) => hexBytes(h, 'tx hash', 32));
    if (!equalBytes(listRoot(txHashes), header.txRoot)) {
      throw proofInvalid('the transactions do not make the header tx root');
    }
    verifyHeaderCommit(header, block.commit, validators, chainId);
  });
}

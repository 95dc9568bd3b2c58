// `query block --prove`: the client verifies state and tx reads itself, but a bare block read has no
// verifying call, so the CLI checks the block's commit here with the client's verifyHeaderCommit.
// The JSON→domain conversions of src/api/fromJson.ts are not exported through the client's index,
// hence the small converters below (see the ADR: worth exporting from the client later).
import {
  verifyHeaderCommit,
  type BlockJson,
  type HeaderJson,
  type ValidatorJson,
} from '../api/client/index.ts';
import { parseAddress } from '../crypto/index.ts';
import { equalBytes, fromHex, polityError } from '../lib/index.ts';
import { blockHash, type Header, type Validator } from '../types/index.ts';

function hex32(text: string, what: string): Uint8Array {
  const bytes = fromHex(text);
  if (bytes?.length !== 32)
    throw polityError('proof_invalid', 'invalid', `The node sent a malformed ${what}.`);
  return bytes;
}

function headerOf(j: HeaderJson): Header {
  return {
    version: j.version,
    chainId: j.chainId,
    height: j.height,
    timeMs: j.timeMs,
    prevHash: hex32(j.prevHash, 'prevHash'),
    lastCommitHash: hex32(j.lastCommitHash, 'lastCommitHash'),
    txRoot: hex32(j.txRoot, 'txRoot'),
    receiptsRoot: hex32(j.receiptsRoot, 'receiptsRoot'),
    evidenceRoot: hex32(j.evidenceRoot, 'evidenceRoot'),
    stateRoot: hex32(j.stateRoot, 'stateRoot'),
    validatorsHash: hex32(j.validatorsHash, 'validatorsHash'),
    nextValidatorsHash: hex32(j.nextValidatorsHash, 'nextValidatorsHash'),
    proposer: parseAddress(j.proposer),
  };
}

function validatorOf(j: ValidatorJson): Validator {
  if (j.scheme !== 'ed25519')
    throw polityError('proof_invalid', 'invalid', `Unknown validator key scheme "${j.scheme}".`);
  return {
    address: parseAddress(j.address),
    publicKey: { scheme: 'ed25519', bytes: hex32(j.publicKey, 'validator key') },
    power: j.power,
  };
}

/** Checks that `block`'s hash is its header's and that its commit carries +2/3 of `validators`. */
export function verifyBlock(
  block: BlockJson,
  validators: readonly ValidatorJson[],
  chainId: string,
): void {
  let header: Header;
  try {
    header = headerOf(block.header);
  } catch (error) {
    throw polityError(
      'proof_invalid',
      'invalid',
      `The block header is malformed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!equalBytes(blockHash(header), hex32(block.hash, 'block hash'))) {
    throw polityError('proof_invalid', 'invalid', 'The block hash is not the hash of its header.');
  }
  verifyHeaderCommit(header, block.commit, validators.map(validatorOf), chainId);
}

// Designed forks (docs/forks.md). `polity export` writes a verifiable snapshot of a chain's whole
// state at a height: every key and value, the block of that height, its commit and the validator
// sets that signed it and sign next. `polity fork` checks a snapshot — the entries hash to the
// block's state root, +2/3 of the height's validators signed the block, the next set is the one
// the header names — and makes the genesis of a new chain (its own chain id, so no transaction
// signed for one chain is valid on the other) that starts from exactly that state.
import { readFile, writeFile } from 'node:fs/promises';
import { createChainApp, inlineVerifier, type Genesis } from '../chain/index.ts';
import { decode, encode } from '../codec/index.ts';
import { equalBytes, fromBase64, fromHex, toBase64, toHex } from '../lib/index.ts';
import { createMemoryKvStore, createMerkleStore } from '../state/index.ts';
import {
  blockHash,
  commitCodec,
  decodeBlock,
  validatorSetCodec,
  validatorSetHash,
  verifyCommit,
  type Validator,
} from '../types/index.ts';
import { homePaths, readGenesis } from './home.ts';
import { openLevelStore, silentLogger } from './adapters/index.ts';
import { nodeErrors } from './errors.ts';

/** The snapshot file's format tag. */
export const snapshotFormat = 'polity-snapshot/1';

/** A snapshot file (JSON). */
export interface SnapshotFile {
  readonly format: typeof snapshotFormat;
  readonly chainId: string;
  readonly height: number;
  /** The block of `height` (canonical bytes, base64): its header holds the state root. */
  readonly block: string;
  /** Its commit (canonical bytes, base64). */
  readonly commit: string;
  /** The set that signed `height` and the set that signs the next height (canonical, base64). */
  readonly validators: string;
  readonly nextValidators: string;
  /** The original chain's parameters, kept by the fork. */
  readonly params: { readonly minGasPrice: string; readonly blockTxsMax: number };
  /** Every state entry: [hex key, base64 value]. */
  readonly entries: readonly (readonly [string, string])[];
}

function invalidSnapshot(what: string): Error {
  return nodeErrors.snapshot_invalid({ what });
}

/** Writes the snapshot of the chain in `home` at `height` (default: the newest committed height). */
export async function exportSnapshot(options: {
  readonly home: string;
  readonly height?: number;
  readonly out: string;
}): Promise<{ readonly height: number; readonly entries: number; readonly stateRoot: string }> {
  const genesis = await readGenesis(options.home);
  const kv = await openLevelStore(homePaths(options.home).data);
  try {
    const app = await createChainApp({
      kv,
      genesis,
      mempool: { txsMax: 1, bytesMax: 1 },
      verifier: inlineVerifier,
      logger: silentLogger,
    });
    const tip = app.tip().height;
    // The newest block of a BFT chain may not have its commit stored yet: take the one before.
    const latest = app.commitAt(tip) === undefined ? tip - 1 : tip;
    const height = options.height ?? latest;
    const commit = app.commitAt(height);
    const bytes = app.blockBytesAt(height);
    const validators = app.validatorsAt(height);
    const next = app.validatorsAt(height + 1);
    if (
      height < 1 ||
      commit === undefined ||
      bytes === undefined ||
      validators === undefined ||
      next === undefined
    )
      throw nodeErrors.height_not_found({ height, latest });
    const entries: [string, string][] = [];
    for (const e of app.state.entries(height + 1)) entries.push([toHex(e.key), toBase64(e.value)]);
    const file: SnapshotFile = {
      format: snapshotFormat,
      chainId: genesis.chainId,
      height,
      block: toBase64(bytes),
      commit: toBase64(encode(commitCodec, commit)),
      validators: toBase64(encode(validatorSetCodec, validators)),
      nextValidators: toBase64(encode(validatorSetCodec, next)),
      params: {
        minGasPrice: genesis.params.minGasPrice.toString(),
        blockTxsMax: genesis.params.blockTxsMax,
      },
      entries,
    };
    await writeFile(options.out, JSON.stringify(file), { mode: 0o600 });
    return {
      height,
      entries: entries.length,
      stateRoot: toHex(decodeBlock(bytes).header.stateRoot),
    };
  } finally {
    await kv.close();
  }
}

/** A verified snapshot. */
export interface VerifiedSnapshot {
  readonly file: SnapshotFile;
  readonly blockHash: Uint8Array;
  readonly stateRoot: Uint8Array;
  readonly timeMs: number;
  readonly nextValidators: readonly Validator[];
  readonly entries: readonly { readonly key: Uint8Array; readonly value: Uint8Array }[];
}

function bytesOf(text: unknown, what: string): Uint8Array {
  const bytes = typeof text === 'string' ? fromBase64(text) : undefined;
  if (bytes === undefined) throw invalidSnapshot(`${what} is not base64`);
  return bytes;
}

/**
 * Checks a snapshot: its entries hash to the block's state root, +2/3 of the height's set signed
 * the block, and the next set is the one the header commits to. With `trusted`, the height's set
 * must also be that one (otherwise the file's own set is believed: compare the block hash with a
 * node you trust, as the fork command prints it).
 */
export function verifySnapshot(json: unknown, trusted?: readonly Validator[]): VerifiedSnapshot {
  if (
    typeof json !== 'object' ||
    json === null ||
    (json as { format?: unknown }).format !== snapshotFormat
  )
    throw invalidSnapshot(`it is not a ${snapshotFormat} file`);
  const file = json as SnapshotFile;
  let block;
  let commit;
  let validators: readonly Validator[];
  let nextValidators: readonly Validator[];
  try {
    block = decodeBlock(bytesOf(file.block, 'the block'));
    commit = decode(commitCodec, bytesOf(file.commit, 'the commit'));
    validators = decode(validatorSetCodec, bytesOf(file.validators, 'the validator set'));
    nextValidators = decode(validatorSetCodec, bytesOf(file.nextValidators, 'the next set'));
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'snapshot_invalid') throw error;
    throw invalidSnapshot('the block, commit or validator sets do not decode');
  }
  const { header } = block;
  const hash = blockHash(header);
  if (header.chainId !== file.chainId || header.height !== file.height)
    throw invalidSnapshot('the block is not the one named');
  if (!equalBytes(header.validatorsHash, validatorSetHash(validators)))
    throw invalidSnapshot("the validator set is not the block's");
  if (!equalBytes(header.nextValidatorsHash, validatorSetHash(nextValidators)))
    throw invalidSnapshot('the next validator set is not the one the block names');
  if (trusted !== undefined && !equalBytes(validatorSetHash(trusted), validatorSetHash(validators)))
    throw invalidSnapshot('the block was signed by another validator set than the trusted one');
  if (!equalBytes(commit.blockHash, hash) || commit.height !== header.height)
    throw invalidSnapshot('the commit is for another block');
  const signed = verifyCommit(file.chainId, commit, validators);
  if (!signed.ok) throw invalidSnapshot(`the commit does not verify (${signed.reason})`);
  if (!Array.isArray(file.entries)) throw invalidSnapshot('it lists no entries');
  const entries = file.entries.map(([k, v]) => {
    const key = typeof k === 'string' ? fromHex(k) : undefined;
    if (key === undefined || key.length === 0 || toHex(key) !== k)
      throw invalidSnapshot('an entry key is not hex');
    return { key, value: bytesOf(v, 'an entry value') };
  });
  const store = createMerkleStore({ kv: createMemoryKvStore() });
  const prepared = store.prepareCommit(new Map(entries.map((e) => [toHex(e.key), e.value])));
  if (!equalBytes(prepared.root, header.stateRoot))
    throw invalidSnapshot("the entries do not hash to the block's state root");
  return {
    file,
    blockHash: hash,
    stateRoot: header.stateRoot,
    timeMs: header.timeMs,
    nextValidators,
    entries,
  };
}

/** Reads and verifies a snapshot file. */
export async function readSnapshot(path: string): Promise<VerifiedSnapshot> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw nodeErrors.snapshot_unreadable({ path });
  }
  try {
    return verifySnapshot(JSON.parse(text));
  } catch (error) {
    if (error instanceof SyntaxError) throw invalidSnapshot('it is not JSON');
    throw error;
  }
}

/**
 * The genesis of a chain continuing `snapshot` under `chainId`: the same state, the validators
 * that were to sign the next height, the original parameters. Every operator who runs it with the
 * same snapshot and chain id gets the same genesis (its time is the snapshot block's, plus one).
 */
export function forkGenesis(snapshot: VerifiedSnapshot, chainId: string): Genesis {
  if (chainId === snapshot.file.chainId) throw nodeErrors.fork_same_chain_id({ chainId });
  return {
    chainId,
    genesisTimeMs: snapshot.timeMs + 1,
    validators: snapshot.nextValidators,
    accounts: [],
    params: {
      minGasPrice: BigInt(snapshot.file.params.minGasPrice),
      blockTxsMax: snapshot.file.params.blockTxsMax,
    },
    snapshot: {
      fromChainId: snapshot.file.chainId,
      fromHeight: snapshot.file.height,
      fromBlockHash: snapshot.blockHash,
      stateRoot: snapshot.stateRoot,
      entries: snapshot.entries,
    },
  };
}

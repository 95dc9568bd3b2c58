import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { addressOf, emptyListRoot, generateSigner, type Signer } from '../crypto/index.ts';
import { isPolityError, toHex } from '../lib/index.ts';
import { createMemoryKvStore, createMerkleStore } from '../state/index.ts';
import {
  blockHash,
  protocolVersion,
  signPrecommit,
  validatorSetHash,
  zeroHash,
  type Commit,
  type Header,
  type Validator,
} from '../types/index.ts';
import {
  verifyAdjacent,
  verifySkipping,
  verifyStateAgainstHeader,
  lightErrors,
  verifyToHeight,
  type LightBlock,
} from './index.ts';

const chainId = 'light-test';
const t0 = 1_800_000_000_000;
const now = t0 + 1_000_000;

interface Member {
  readonly signer: Signer;
  readonly validator: Validator;
}

const member = (power = 10): Member => {
  const signer = generateSigner();
  return {
    signer,
    validator: { address: addressOf(signer.publicKey), publicKey: signer.publicKey, power },
  };
};

/** A chain whose validator set at each height is `setAt(h)`; heights 1..n. */
function makeChain(
  n: number,
  setAt: (h: number) => readonly Member[],
  stateRoot = zeroHash,
): LightBlock[] {
  const blocks: LightBlock[] = [];
  let prev = zeroHash;
  for (let h = 1; h <= n; h++) {
    const members = setAt(h);
    const validators = members.map((m) => m.validator);
    const nextValidators = setAt(h + 1).map((m) => m.validator);
    const header: Header = {
      version: protocolVersion,
      chainId,
      height: h,
      timeMs: t0 + h * 1000,
      prevHash: prev,
      lastCommitHash: zeroHash,
      txRoot: emptyListRoot,
      receiptsRoot: emptyListRoot,
      evidenceRoot: emptyListRoot,
      stateRoot,
      validatorsHash: validatorSetHash(validators),
      nextValidatorsHash: validatorSetHash(nextValidators),
      proposer: validators[0]!.address,
    };
    const hash = blockHash(header);
    const commit: Commit = {
      height: h,
      round: 0,
      blockHash: hash,
      signatures: members.map((m) =>
        signPrecommit(m.signer, m.validator.address, chainId, h, 0, hash, header.timeMs),
      ),
    };
    blocks.push({ header, commit, validators, nextValidators });
    prev = hash;
  }
  return blocks;
}

const four = [member(), member(), member(), member()];
const steady = makeChain(20, () => four);

test('adjacent headers verify; a wrong link, a short commit or a forged signature do not', () => {
  verifyAdjacent(steady[0]!, steady[1]!, now);
  assert.throws(
    () => {
      verifyAdjacent(steady[0]!, steady[2]!, now);
    },
    { code: lightErrors.light_not_adjacent.code },
  );
  const other = makeChain(2, () => four);
  const unlinked = {
    ...other[1]!,
    header: { ...other[1]!.header, prevHash: new Uint8Array(32).fill(1) },
  };
  assert.throws(
    () => {
      verifyAdjacent(steady[0]!, unlinked, now);
    },
    { code: lightErrors.light_commit_mismatch.code },
  );
  const short = {
    ...steady[1]!,
    commit: { ...steady[1]!.commit, signatures: steady[1]!.commit.signatures.slice(0, 2) },
  };
  assert.throws(
    () => {
      verifyAdjacent(steady[0]!, short, now);
    },
    {
      code: lightErrors.light_commit_insufficient.code,
    },
  );
  const sigs = steady[1]!.commit.signatures;
  const forged = {
    ...steady[1]!,
    commit: {
      ...steady[1]!.commit,
      signatures: [
        sigs[0]!,
        sigs[1]!,
        { ...sigs[2]!, signature: { ...sigs[2]!.signature, bytes: new Uint8Array(64) } },
      ],
    },
  };
  assert.throws(
    () => {
      verifyAdjacent(steady[0]!, forged, now);
    },
    {
      code: lightErrors.light_commit_insufficient.code,
    },
  );
  const duplicated = {
    ...steady[1]!,
    commit: { ...steady[1]!.commit, signatures: [sigs[0]!, sigs[0]!, sigs[0]!] },
  };
  assert.throws(
    () => {
      verifyAdjacent(steady[0]!, duplicated, now);
    },
    {
      code: lightErrors.light_commit_insufficient.code,
    },
  );
});

test('skipping works while the trusted set still signs, and trust expires', () => {
  verifySkipping(steady[0]!, steady[19]!, now);
  assert.throws(
    () => {
      verifySkipping(steady[0]!, steady[19]!, t0 + 30 * 24 * 3600 * 1000);
    },
    {
      code: lightErrors.light_trust_expired.code,
    },
  );
  assert.throws(
    () => {
      verifySkipping(steady[5]!, steady[3]!, now);
    },
    { code: lightErrors.light_not_ahead.code },
  );
});

test('a validator set that changes completely needs bisection, which succeeds through adjacent steps', async () => {
  // Heights 1-5 signed by A, 6-10 by B (announced by header 5), 11-15 by C.
  const a = four;
  const b = [member(), member(), member(), member()];
  const c = [member(), member(), member()];
  const chain = makeChain(15, (h) => (h <= 5 ? a : h <= 10 ? b : c));
  assert.throws(
    () => {
      verifySkipping(chain[0]!, chain[14]!, now);
    },
    {
      code: lightErrors.light_trust_insufficient.code,
    },
  );
  let fetched = 0;
  const path = await verifyToHeight(
    chain[0]!,
    15,
    (h) => {
      fetched++;
      return Promise.resolve(chain[h - 1]!);
    },
    now,
  );
  assert.equal(path.block.header.height, 15);
  assert.equal(path.fetches, fetched);
  // Header 5 announces B and header 10 announces C: trust must pass through them.
  assert.ok(
    path.heights.includes(5) && path.heights.includes(10),
    `path ${path.heights.join(',')}`,
  );
});

test('bisection refuses a forged chain whatever path it takes', async () => {
  const forgers = [member(), member(), member(), member()];
  const real = makeChain(10, () => four);
  const fake = makeChain(10, () => forgers);
  await assert.rejects(
    verifyToHeight(real[0]!, 10, (h) => Promise.resolve(fake[h - 1]!), now),
    (error: unknown) =>
      isPolityError(
        error,
        lightErrors.light_validators_mismatch,
        lightErrors.light_header_mismatch,
        lightErrors.light_trust_insufficient,
      ),
  );
});

test('a state proof verifies against a verified header, a tampered value does not', async () => {
  const kv = createMemoryKvStore();
  const store = createMerkleStore({ kv });
  const key = new Uint8Array([0x61, 1, 2, 3]);
  const value = new Uint8Array([9, 9]);
  const prepared = store.prepareCommit(new Map([[toHex(key), value]]));
  await kv.writeBatch(prepared.writes);
  store.applied(prepared);
  const chain = makeChain(3, () => four, store.root);
  const path = await verifyToHeight(chain[0]!, 3, (h) => Promise.resolve(chain[h - 1]!), now);
  const { proof } = store.prove(key, store.version);
  verifyStateAgainstHeader(path.block.header, key, value, proof);
  assert.throws(
    () => {
      verifyStateAgainstHeader(path.block.header, key, new Uint8Array([9, 8]), proof);
    },
    { code: lightErrors.light_proof_invalid.code },
  );
});

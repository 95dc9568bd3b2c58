// A small LedgerService for the API tests, built from the real pieces: real signed transactions,
// the real Merkle store and its proofs, real headers, list proofs and signed commits. Its
// "execution" is deliberately simple (fees, transfers, record puts and deletes, no checks).
// A .test.ts file so it never ships; it holds no tests.
import {
  addressOf,
  listProof,
  listRoot,
  emptyListRoot,
  signerFromSecret,
  type Signer,
} from '../crypto/index.ts';
import { fromHex, polityError, toHex } from '../lib/index.ts';
import {
  createMemoryKvStore,
  createMerkleStore,
  encodeStateProof,
  stateProofToJson,
} from '../state/index.ts';
import {
  accountStateKey,
  blockHash,
  commitHash,
  decodeAccount,
  decodeRecord,
  decodeTx,
  protocolVersion,
  receiptHash,
  recordStateKey,
  signPrecommit,
  signTx,
  txHash,
  validatorSetHash,
  zeroHash,
  type Block,
  type Commit,
  type Header,
  type Message,
  type Receipt,
  type SignedTx,
  type Validator,
} from '../types/index.ts';
import { executeTx, setAccount, type Execution } from './fakeExecution.test.ts';
import type {
  AdmissionResult,
  CommittedTx,
  LedgerEvent,
  LedgerService,
  ProvenValue,
  RecordChange,
  StoredBlock,
} from './service.ts';

/** A deterministic test key from one seed byte. */
export function testSigner(seedByte: number): Signer {
  return signerFromSecret('ed25519', fromHex(seedByte.toString(16).padStart(2, '0').repeat(32))!);
}

/** The fake ledger and the knobs the tests turn. */
export interface FakeLedger extends LedgerService {
  readonly chainId: string;
  readonly validatorSet: readonly Validator[];
  /** Commits the pending transactions (or none) as the next block. */
  produceBlock(): Promise<void>;
  /** Produce a block right after every accepted submission. */
  autoProduce: boolean;
  /** Sign the next commits with this key instead of the validator's (a forged commit). */
  rogueSigner: Signer | undefined;
  readonly listenerCount: number;
}

interface Stored {
  readonly stored: StoredBlock;
  readonly txs: readonly { hash: Uint8Array; tx: SignedTx; raw: Uint8Array }[];
  readonly receipts: readonly Receipt[];
}

/** A fake ledger whose first block funds `funded` with 1e9 each. */
export async function createFakeLedger(
  funded: readonly Uint8Array[],
  chainId = 'api-test',
): Promise<FakeLedger> {
  const kv = createMemoryKvStore();
  const state = createMerkleStore({ kv });
  const validatorSigner = testSigner(0xee);
  const validatorAddress = addressOf(validatorSigner.publicKey);
  const validatorSet: Validator[] = [
    { address: validatorAddress, publicKey: validatorSigner.publicKey, power: 10 },
  ];
  const blocks: Stored[] = [];
  const txIndex = new Map<string, { height: number; index: number }>();
  const history = new Map<string, RecordChange[]>();
  const recordKeys = new Map<string, Set<string>>();
  const pending: { hash: Uint8Array; tx: SignedTx; raw: Uint8Array }[] = [];
  const listeners = new Set<(e: LedgerEvent) => void>();
  const waiters = new Map<string, ((tx: CommittedTx) => void)[]>();

  const height = (): number => blocks.length;

  const committed = (hash: Uint8Array): CommittedTx | undefined => {
    const at = txIndex.get(toHex(hash));
    if (at === undefined) return undefined;
    const b = blocks[at.height - 1]!;
    const t = b.txs[at.index]!;
    return {
      hash,
      tx: t.tx,
      raw: t.raw,
      height: at.height,
      index: at.index,
      receipt: b.receipts[at.index]!,
      txProof: listProof(
        b.txs.map((x) => x.hash),
        at.index,
      ),
      receiptProof: listProof(b.receipts.map(receiptHash), at.index),
      header: b.stored.block.header,
    };
  };

  const proven = <T>(
    key: Uint8Array,
    prove: boolean,
    decodeValue: (raw: Uint8Array) => T,
  ): ProvenValue<T> => {
    const raw = state.get(key);
    const value = raw === undefined ? undefined : decodeValue(raw);
    const h = height();
    if (!prove) return { height: h, value, proof: undefined };
    const latest = blocks[h - 1]!.stored;
    const { proof } = state.prove(key, h);
    return {
      height: h,
      value,
      proof: {
        encoded: encodeStateProof(proof),
        json: stateProofToJson(proof),
        header: latest.block.header,
        commit: latest.commit,
      },
    };
  };

  const ledger: FakeLedger = {
    chainId,
    validatorSet,
    autoProduce: false,
    rogueSigner: undefined,
    get listenerCount() {
      return listeners.size;
    },

    async produceBlock() {
      const h = height() + 1;
      const changes = new Map<string, Uint8Array | undefined>();
      const read = (key: Uint8Array): Uint8Array | undefined => {
        const id = toHex(key);
        return changes.has(id) ? changes.get(id) : state.get(key);
      };
      const exec: Execution = { height: h, read, changes, history, recordKeys };
      if (h === 1) {
        for (const a of funded)
          setAccount(exec, a, { balance: 1_000_000_000n, nonce: 0, publicKey: undefined });
      }
      const included = pending.splice(0);
      const receipts = included.map(({ tx, hash }) => executeTx(exec, tx, hash));
      const prepared = state.prepareCommit(changes);
      await kv.writeBatch(prepared.writes);
      state.applied(prepared);

      const previous = blocks.at(-1)?.stored;
      const vHash = validatorSetHash(validatorSet);
      const header: Header = {
        version: protocolVersion,
        chainId,
        height: h,
        timeMs: 1_700_000_000_000 + h * 1000,
        prevHash: previous?.hash ?? zeroHash,
        lastCommitHash: previous?.commit === undefined ? zeroHash : commitHash(previous.commit),
        txRoot: listRoot(included.map((t) => t.hash)),
        receiptsRoot: listRoot(receipts.map(receiptHash)),
        evidenceRoot: emptyListRoot,
        stateRoot: prepared.root,
        validatorsHash: vHash,
        nextValidatorsHash: vHash,
        proposer: validatorAddress,
      };
      const hash = blockHash(header);
      const signer = ledger.rogueSigner ?? validatorSigner;
      const commit: Commit = {
        height: h,
        round: 0,
        blockHash: hash,
        signatures: [
          signPrecommit(signer, addressOf(signer.publicKey), chainId, h, 0, hash, header.timeMs),
        ],
      };
      const block: Block = {
        header,
        txs: included.map((t) => t.raw),
        lastCommit: previous?.commit,
        evidence: [],
      };
      blocks.push({ stored: { hash, block, commit }, txs: included, receipts });
      included.forEach((t, index) => txIndex.set(toHex(t.hash), { height: h, index }));

      const emit = (e: LedgerEvent): void => {
        for (const l of listeners) l(e);
      };
      emit({ type: 'block', height: h, hash, timeMs: header.timeMs, txCount: included.length });
      included.forEach((t, index) => {
        emit({ type: 'tx', hash: t.hash, height: h, index, ok: true, code: 'ok' });
        const id = toHex(t.hash);
        const tx = committed(t.hash)!;
        for (const resolve of waiters.get(id) ?? []) resolve(tx);
        waiters.delete(id);
      });
    },

    status() {
      const latest = blocks.at(-1)?.stored;
      return {
        chainId,
        nodeVersion: 'test',
        mode: 'solo',
        latestHeight: height(),
        latestBlockHash: latest?.hash,
        latestBlockTimeMs: latest?.block.header.timeMs,
        stateRoot: state.root,
        mempoolTxs: pending.length,
        mempoolBytes: pending.reduce((n, t) => n + t.raw.length, 0),
        validators: validatorSet,
        minGasPrice: 1n,
      };
    },

    submitTxs(raws) {
      const results = raws.map((raw): AdmissionResult => {
        let tx: SignedTx;
        try {
          tx = decodeTx(raw);
        } catch (error) {
          return {
            hash: undefined,
            accepted: false,
            error: error as ReturnType<typeof polityError>,
          };
        }
        const hash = txHash(raw);
        if (tx.body.chainId !== chainId) {
          return {
            hash,
            accepted: false,
            error: polityError('wrong_chain', 'invalid', `This node serves chain ${chainId}.`),
          };
        }
        pending.push({ hash, tx, raw });
        return { hash, accepted: true };
      });
      if (ledger.autoProduce && results.some((r) => r.accepted)) {
        setTimeout(() => void ledger.produceBlock(), 5);
      }
      return Promise.resolve(results);
    },

    waitForTx(hash, timeoutMs) {
      const done = committed(hash);
      if (done !== undefined) return Promise.resolve(done);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          resolve(undefined);
        }, timeoutMs);
        const id = toHex(hash);
        waiters.set(id, [
          ...(waiters.get(id) ?? []),
          (tx) => {
            clearTimeout(timer);
            resolve(tx);
          },
        ]);
      });
    },

    getTx: committed,
    isPending: (hash) => pending.some((t) => toHex(t.hash) === toHex(hash)),
    getBlockByHeight: (h) => blocks[h - 1]?.stored,
    getBlockByHash: (hash) => blocks.find((b) => toHex(b.stored.hash) === toHex(hash))?.stored,
    getAccount: (address, prove) => proven(accountStateKey(address), prove, decodeAccount),
    getRecord: (owner, key, prove) => proven(recordStateKey(owner, key), prove, decodeRecord),
    recordHistory(owner, key, limit, beforeHeight) {
      const all = history.get(`${toHex(owner)}/${key}`) ?? [];
      return Promise.resolve(
        all.filter((c) => beforeHeight === undefined || c.height < beforeHeight).slice(0, limit),
      );
    },
    listRecords(owner, limit, afterKey) {
      const keys = [...(recordKeys.get(toHex(owner)) ?? [])].sort();
      return Promise.resolve(
        keys.filter((k) => afterKey === undefined || k > afterKey).slice(0, limit),
      );
    },
    validators: () => validatorSet,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  await ledger.produceBlock();
  return ledger;
}

/** A test account from a seed byte. */
export interface TestAccount {
  readonly signer: Signer;
  readonly address: Uint8Array;
}

/** Makes a test account. */
export function testAccount(seedByte: number): TestAccount {
  const signer = testSigner(seedByte);
  return { signer, address: addressOf(signer.publicKey) };
}

/** A real signed transaction of `from` on the fake's chain. */
export function signedTx(
  from: TestAccount,
  nonce: number,
  messages: readonly Message[],
  chainId = 'api-test',
): SignedTx {
  return signTx(
    { chainId, sender: from.address, nonce, fee: 10_000n, gasLimit: 100_000, messages, memo: '' },
    from.signer,
  );
}

// Reads of the committed state, each optionally with a state proof against a header (and that
// height's commit) that a client verifies offline: accounts, records and raw state values, at the
// latest height or an earlier one. Only committed data is served, even while a block is being
// written (its values are already readable from the store, ahead of the committed height).
import type { ChainApp } from '../chain/index.ts';
import { encodeStateProof, stateProofToJson, type StateProof } from '../state/index.ts';
import { type Header } from '../types/index.ts';
import {
  accountStateKey,
  decodeAccount,
  decodeRecord,
  recordStateKey,
} from '../execution/index.ts';
import { apiErrors, type LedgerService, type ProvenValue } from '../api/index.ts';
import { nodeErrors } from './errors.ts';

/** The ledger service's proved reads. */
export type ProvedQueries = Pick<LedgerService, 'getAccount' | 'getRecord' | 'stateValue'>;

// The state store's version for a height: version 1 is the genesis state, block H is version H+1.
const versionOf = (height: number): number => height + 1;

/** Proved reads of `app`'s committed state. */
export function createProvedQueries(app: ChainApp): ProvedQueries {
  const { state } = app;
  const height = (): number => app.tip().height;

  // A value with its state proof against the header of `at` (and that height's commit).
  const provenWith = <T>(
    at: number,
    value: T | undefined,
    proof: StateProof,
    header: Header,
  ): ProvenValue<T> => ({
    height: at,
    value,
    proof: {
      encoded: encodeStateProof(proof),
      json: stateProofToJson(proof),
      header,
      commit: app.store.commitAt(at),
    },
  });

  const proven = <T>(
    key: Uint8Array,
    prove: boolean,
    decodeValue: (raw: Uint8Array) => T,
  ): ProvenValue<T> => {
    const at = height();
    // While a block is being written its values are already readable from the flat index, ahead of
    // the committed height; then (and for every proof) read through the tree at the committed version.
    if (!prove && !app.isWriting()) {
      const raw = state.get(key);
      return {
        height: at,
        value: raw === undefined ? undefined : decodeValue(raw),
        proof: undefined,
      };
    }
    const { value: raw, proof } = state.prove(key, versionOf(at));
    const value = raw === undefined ? undefined : decodeValue(raw);
    if (!prove) return { height: at, value, proof: undefined };
    const header = app.tipHeader();
    if (header === undefined) {
      throw apiErrors.no_block_yet();
    }
    return provenWith(at, value, proof, header);
  };

  // A value at an earlier height, proved against that height's header.
  const provenAt = (
    key: Uint8Array,
    prove: boolean,
    at: number | undefined,
  ): ProvenValue<Uint8Array> => {
    const latest = height();
    if (at === undefined || at === latest) return proven(key, prove, (raw) => raw);
    if (!Number.isSafeInteger(at) || at < 1 || at > latest)
      throw nodeErrors.height_not_found({ height: at, latest });
    const { value, proof } = state.prove(key, versionOf(at));
    if (!prove) return { height: at, value, proof: undefined };
    const header = app.store.loadBlock(at)?.block.header;
    if (header === undefined) throw nodeErrors.height_not_found({ height: at, latest });
    return provenWith(at, value, proof, header);
  };

  return {
    getAccount: (address, prove) => proven(accountStateKey(address), prove, decodeAccount),
    getRecord: (owner, key, prove) => proven(recordStateKey(owner, key), prove, decodeRecord),
    stateValue: (key, prove, at) => provenAt(key, prove, at),
  };
}

// The validator set of every height. A set is stored under the height from which it signs blocks,
// only when it changes (changes made by block H take effect at H + 2); the genesis set signs from
// height 1. Only the effective heights are held in memory; sets are read on demand and a few kept.
import { decode } from '../codec/index.ts';
import { assert, prefixEnd, readU64be } from '../lib/index.ts';
import type { KvStore } from '../ports/index.ts';
import { validatorSetCodec, validatorSetHash, type Validator } from '../types/index.ts';
import { validatorSetKey, validatorSetPrefix } from './storageLayout.ts';

/** The validator sets by height. */
export interface ValidatorSets {
  /** The set that signs blocks at `height` (≥ 1): the newest change effective at or below it. */
  at(height: number): readonly Validator[];
  /** The hash of `validators` as committed in headers (memoised per set). */
  hashOf(validators: readonly Validator[]): Uint8Array;
  /** Records in memory a set stored (durably) as effective from `height`. */
  added(height: number, validators: readonly Validator[]): void;
}

const setsCachedMax = 8;
const listPageMax = 1024;

/** Loads the effective heights of every stored set from `kv`. */
export async function openValidatorSets(
  kv: KvStore,
  genesisValidators: readonly Validator[],
): Promise<ValidatorSets> {
  const heights: number[] = [];
  const end = prefixEnd(validatorSetPrefix);
  for (let gte = validatorSetPrefix; ;) {
    const rows = await kv.range({ gte, lt: end, limit: listPageMax });
    for (const [key] of rows) heights.push(Number(readU64be(key, validatorSetPrefix.length)));
    const last = rows[rows.length - 1];
    if (rows.length < listPageMax || last === undefined) break;
    gte = validatorSetKey(Number(readU64be(last[0], validatorSetPrefix.length)) + 1);
  }
  const cache = new Map<number, readonly Validator[]>();
  const hashes = new WeakMap<readonly Validator[], Uint8Array>();

  const load = (effective: number): readonly Validator[] => {
    const hit = cache.get(effective);
    if (hit !== undefined) return hit;
    const raw = kv.get(validatorSetKey(effective));
    assert(raw !== undefined, `the validator set effective from ${effective} is stored`);
    const set = decode(validatorSetCodec, raw);
    remember(effective, set);
    return set;
  };
  const remember = (effective: number, set: readonly Validator[]): void => {
    if (cache.size >= setsCachedMax) {
      const oldest = cache.keys().next();
      if (oldest.done !== true) cache.delete(oldest.value);
    }
    cache.set(effective, set);
  };

  return {
    at(height) {
      assert(Number.isSafeInteger(height) && height >= 1, 'validator sets start at height 1');
      // The newest effective height at or below `height` (binary search; most lookups are newest).
      let lo = 0;
      let hi = heights.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((heights[mid] ?? 0) <= height) lo = mid + 1;
        else hi = mid;
      }
      const effective = heights[lo - 1];
      return effective === undefined ? genesisValidators : load(effective);
    },
    hashOf(validators) {
      let hash = hashes.get(validators);
      if (hash === undefined) {
        hash = validatorSetHash(validators);
        hashes.set(validators, hash);
      }
      return hash;
    },
    added(height, validators) {
      const newest = heights[heights.length - 1];
      assert(newest === undefined || height > newest, 'validator sets are added in height order');
      heights.push(height);
      remember(height, validators);
    },
  };
}

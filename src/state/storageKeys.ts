// Where the store keeps its data inside the shared database, all under one namespace prefix:
// nodes by hash, the flat index of latest values, the root of every version, and the head.
import { concatBytes, u64be } from '../lib/index.ts';
import { nodeHashBytes } from './limits.ts';

/** Default namespace byte of the state inside the node's database: 's'. */
export const defaultStatePrefix: Uint8Array = Uint8Array.of(0x73);

const nodeTag = 0x6e; // 'n': node hash -> node encoding
const valueTag = 0x76; // 'v': key -> latest value (flat index for fast reads)
const rootTag = 0x72; // 'r': u64be version -> root hash
const headTag = 0x68; // 'h': u64be of the last applied version

/** Storage keys of one store instance. */
export interface StorageKeys {
  node(hash: Uint8Array): Uint8Array;
  /** Length of every node key. */
  readonly nodeKeyBytes: number;
  /** Writes node(hash) into `out`, which has exactly nodeKeyBytes. */
  nodeInto(hash: Uint8Array, out: Uint8Array): void;
  value(key: Uint8Array): Uint8Array;
  root(version: number): Uint8Array;
  readonly head: Uint8Array;
}

/** Builds the key layout under `prefix`. */
export function createStorageKeys(prefix: Uint8Array): StorageKeys {
  const tagged = (tag: number, rest: Uint8Array): Uint8Array => {
    const out = new Uint8Array(prefix.length + 1 + rest.length);
    out.set(prefix);
    out[prefix.length] = tag;
    out.set(rest, prefix.length + 1);
    return out;
  };
  return {
    node: (hash) => tagged(nodeTag, hash),
    nodeKeyBytes: prefix.length + 1 + nodeHashBytes,
    nodeInto: (hash, out) => {
      out.set(prefix);
      out[prefix.length] = nodeTag;
      out.set(hash, prefix.length + 1);
    },
    value: (key) => tagged(valueTag, key),
    root: (version) => tagged(rootTag, u64be(version)),
    head: concatBytes(prefix, Uint8Array.of(headTag)),
  };
}

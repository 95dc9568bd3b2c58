// The storage port. Cores read through KvReader; only the node's adapter writes, and it writes
// everything for one block in a single atomic, durable batch.

/** One write in an atomic batch; `value: undefined` deletes the key. */
export interface KvWrite {
  readonly key: Uint8Array;
  readonly value: Uint8Array | undefined;
}

/** Synchronous point reads of committed data (LevelDB's getSync keeps the cores synchronous). */
export interface KvReader {
  get(key: Uint8Array): Uint8Array | undefined;
}

/** Key range iteration in byte order, bounded by `limit`. */
export interface KvRange {
  readonly gte: Uint8Array;
  readonly lt: Uint8Array;
  readonly limit: number;
  readonly reverse?: boolean;
}

/** A durable ordered key-value store. */
export interface KvStore extends KvReader {
  /** Applies every write atomically; resolves only once the batch is durable on disk. */
  writeBatch(writes: readonly KvWrite[]): Promise<void>;
  /** Lists entries of a key range in byte order. */
  range(range: KvRange): Promise<readonly (readonly [Uint8Array, Uint8Array])[]>;
  close(): Promise<void>;
}

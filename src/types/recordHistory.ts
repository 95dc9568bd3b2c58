// A record's history as the chain's index keeps it and the API serves it (defined once here,
// below both): each change with its place in the chain, which is also the cursor of a page.

/** Where a change sits in the chain: block height, transaction index, order within the tx. */
export interface HistoryPosition {
  readonly height: number;
  readonly txIndex: number;
  readonly seq: number;
}

/** One change of a record, from the history index. */
export interface RecordChange {
  readonly position: HistoryPosition;
  readonly height: number;
  readonly txHash: Uint8Array;
  readonly op: 'put' | 'delete';
  readonly value: Uint8Array | undefined;
  readonly contentType: string | undefined;
}

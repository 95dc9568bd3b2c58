// The fake ledger's "execution": fees, nonces, transfers, record puts and deletes, written as
// state changes and a history index. No checks: admission is not what the API tests test.
import { toHex } from '../lib/index.ts';
import {
  accountStateKey,
  decodeAccount,
  decodeRecord,
  emptyAccount,
  encodeAccount,
  encodeRecord,
  recordStateKey,
  type Account,
  type Message,
  type Receipt,
  type SignedTx,
} from '../types/index.ts';
import type { RecordChange } from './service.ts';

/** What executing one block's transactions reads and writes. */
export interface Execution {
  readonly height: number;
  read(key: Uint8Array): Uint8Array | undefined;
  readonly changes: Map<string, Uint8Array | undefined>;
  readonly history: Map<string, RecordChange[]>;
  readonly recordKeys: Map<string, Set<string>>;
}

function accountOf(exec: Execution, address: Uint8Array): Account {
  const raw = exec.read(accountStateKey(address));
  return raw === undefined ? emptyAccount : decodeAccount(raw);
}

export function setAccount(exec: Execution, address: Uint8Array, a: Account): void {
  exec.changes.set(toHex(accountStateKey(address)), encodeAccount(a));
}

function executeRecord(exec: Execution, sender: Uint8Array, m: Message, hash: Uint8Array): void {
  if (m.type === 'transfer') return;
  const h = exec.height;
  const key = recordStateKey(sender, m.key);
  const id = `${toHex(sender)}/${m.key}`;
  const changesOf = exec.history.get(id) ?? [];
  exec.history.set(id, changesOf);
  const keys = exec.recordKeys.get(toHex(sender)) ?? new Set<string>();
  exec.recordKeys.set(toHex(sender), keys);
  if (m.type === 'record.delete') {
    exec.changes.set(toHex(key), undefined);
    changesOf.unshift({
      height: h,
      txHash: hash,
      op: 'delete',
      value: undefined,
      contentType: undefined,
    });
    keys.delete(m.key);
    return;
  }
  const old = exec.read(key);
  const prev = old === undefined ? undefined : decodeRecord(old);
  const entry = {
    value: m.value,
    contentType: m.contentType,
    createdHeight: prev?.createdHeight ?? h,
    updatedHeight: h,
    version: (prev?.version ?? 0) + 1,
    lastTxHash: hash,
  };
  exec.changes.set(toHex(key), encodeRecord(entry));
  changesOf.unshift({
    height: h,
    txHash: hash,
    op: 'put',
    value: m.value,
    contentType: m.contentType,
  });
  keys.add(m.key);
}

/** Applies one transaction: fee, nonce and key, then each message. */
export function executeTx(exec: Execution, tx: SignedTx, hash: Uint8Array): Receipt {
  const sender = tx.body.sender;
  const s = accountOf(exec, sender);
  setAccount(exec, sender, {
    balance: s.balance - tx.body.fee,
    nonce: s.nonce + 1,
    publicKey: tx.signer,
  });
  for (const m of tx.body.messages) {
    if (m.type === 'transfer') {
      const from = accountOf(exec, sender);
      setAccount(exec, sender, { ...from, balance: from.balance - m.amount });
      const to = accountOf(exec, m.to);
      setAccount(exec, m.to, { ...to, balance: to.balance + m.amount });
    } else {
      executeRecord(exec, sender, m, hash);
    }
  }
  return { txHash: hash, status: 0, code: 'ok', message: '', gasUsed: 5_000, fee: tx.body.fee };
}

// The accounts module: balances, nonces and the key that controls each account.
import {
  decodeAccount,
  emptyAccount,
  encodeAccount,
  accountStateKey,
  type Account,
} from '../types/index.ts';
import { balanceOverflow, insufficientFunds } from './errors.ts';
import type { StateOverlay, StateReader } from './overlay.ts';

const u64Max = 0xffffffffffffffffn;

// Decoded accounts by the identity of their encoded bytes. A transfer reads the sender and the
// recipient several times from the same byte arrays (the overlay's writes, the state store's value
// cache); accounts are immutable values, so a decode is reused instead of repeated. Entries vanish
// with their byte arrays.
const decoded = new WeakMap<Uint8Array, Account>();

/** Reads an account, or the empty account when it has never been written. */
export function readAccount(state: StateReader, address: Uint8Array): Account {
  const raw = state.get(accountStateKey(address));
  if (raw === undefined) return emptyAccount;
  let account = decoded.get(raw);
  if (account === undefined) {
    account = decodeAccount(raw);
    decoded.set(raw, account);
  }
  return account;
}

/** Writes an account. */
export function writeAccount(state: StateOverlay, address: Uint8Array, account: Account): void {
  const raw = encodeAccount(account);
  decoded.set(raw, account);
  state.set(accountStateKey(address), raw);
}

/** Moves `amount` from one account to another; throws a typed error and changes nothing on failure. */
export function transfer(
  state: StateOverlay,
  from: Uint8Array,
  to: Uint8Array,
  amount: bigint,
): void {
  const sender = readAccount(state, from);
  if (sender.balance < amount) throw insufficientFunds(amount, sender.balance);
  writeAccount(state, from, { ...sender, balance: sender.balance - amount });
  const receiver = readAccount(state, to);
  if (receiver.balance + amount > u64Max) {
    writeAccount(state, from, sender);
    throw balanceOverflow();
  }
  writeAccount(state, to, { ...receiver, balance: receiver.balance + amount });
}

/** Credits `amount` (fees to the proposer, genesis allocations). */
export function credit(state: StateOverlay, to: Uint8Array, amount: bigint): void {
  const account = readAccount(state, to);
  if (account.balance + amount > u64Max) throw balanceOverflow();
  writeAccount(state, to, { ...account, balance: account.balance + amount });
}

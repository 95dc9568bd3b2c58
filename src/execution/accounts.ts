// Accounts: balances, nonces and the key that controls each account. Every transaction pays its
// fee and nonce from its sender's account, so accounts belong to execution itself, not to a module;
// modules move balances with `transfer` and `credit`. Clients verifying an account's proof rebuild
// the key and decode the value with these.
import { decode, encode, option, struct, u64, uint, type Infer } from '../codec/index.ts';
import { publicKeyCodec } from '../crypto/index.ts';
import { executionErrors } from './errors.ts';
import type { StateOverlay, StateReader } from './overlay.ts';

const u64Max = 0xffffffffffffffffn;

/** The first byte of every account's state key. */
export const accountStatePrefix = 0x61;

/** An account: balance, the next expected nonce, and its public key once it has signed. */
export const accountCodec = struct({
  balance: u64,
  nonce: uint,
  publicKey: option(publicKeyCodec),
});

/** An account. */
export type Account = Infer<typeof accountCodec>;

/** An account that has never been touched. */
export const emptyAccount: Account = { balance: 0n, nonce: 0, publicKey: undefined };

/** The state key of an account. */
export function accountStateKey(address: Uint8Array): Uint8Array {
  // Built directly: execution derives this key several times per transaction.
  const key = new Uint8Array(1 + address.length);
  key[0] = accountStatePrefix;
  key.set(address, 1);
  return key;
}

/** Encodes an account state value. */
export function encodeAccount(account: Account): Uint8Array {
  return encode(accountCodec, account, 64);
}

/** Decodes an account state value. */
export function decodeAccount(data: Uint8Array): Account {
  return decode(accountCodec, data);
}

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
  if (sender.balance < amount)
    throw executionErrors.insufficient_funds({ balance: sender.balance, needed: amount });
  writeAccount(state, from, { ...sender, balance: sender.balance - amount });
  const receiver = readAccount(state, to);
  if (receiver.balance + amount > u64Max) {
    writeAccount(state, from, sender);
    throw executionErrors.balance_overflow();
  }
  writeAccount(state, to, { ...receiver, balance: receiver.balance + amount });
}

/** Credits `amount` (fees to the proposer, genesis allocations). */
export function credit(state: StateOverlay, to: Uint8Array, amount: bigint): void {
  const account = readAccount(state, to);
  if (account.balance + amount > u64Max) throw executionErrors.balance_overflow();
  writeAccount(state, to, { ...account, balance: account.balance + amount });
}

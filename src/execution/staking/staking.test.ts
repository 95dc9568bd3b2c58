// Fees on a public chain: the proposer's operator takes its commission, the rest raises the worth
// of every share of the proposer's pool.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressOf } from '../../crypto/index.ts';
import { createMemoryKvStore, createMerkleStore } from '../../state/index.ts';
import { testSigner } from '../../../test/support/chain.ts';
import { credit, readAccount } from '../accounts.ts';
import type { BlockHookContext, MessageContext } from '../module.ts';
import { createOverlay } from '../overlay.ts';
import { genesisStaking } from './genesis.ts';
import { createValidatorMessage, delegateMessage } from './messages.ts';
import { distributeFees } from './power.ts';
import { bondedPoolAccount, delegatedTokens } from './shares.ts';
import { readDelegations, readStakeValidator } from './store.ts';

test('a proposer with 10% commission pays its operator 10% of the fees and its pool the rest', () => {
  const state = createOverlay(createMerkleStore({ kv: createMemoryKvStore() }));
  const genesisKey = testSigner(0x10);
  genesisStaking(state, [
    { address: addressOf(genesisKey.publicKey), publicKey: genesisKey.publicKey, power: 10 },
  ]);
  const operator = addressOf(testSigner(0x11).publicKey);
  const consensusKey = testSigner(0x12).publicKey;
  const validator = addressOf(consensusKey);
  const delegator = addressOf(testSigner(0x13).publicKey);
  credit(state, operator, 5_000_000n);
  credit(state, delegator, 5_000_000n);
  const ctx = (sender: Uint8Array): MessageContext => ({
    height: 2,
    timeMs: 1000,
    sender,
    txHash: new Uint8Array(32),
    validators: [],
    pausable: new Set(),
  });
  createValidatorMessage.run(state, ctx(operator), {
    publicKey: consensusKey,
    moniker: 'ten-percent',
    commissionBps: 1000,
    amount: 1_000_000n,
  });
  delegateMessage.run(state, ctx(delegator), { validator, amount: 3_000_000n });
  const before = readAccount(state, operator).balance;
  const pool = readAccount(state, bondedPoolAccount).balance;
  const block = (proposer: Uint8Array): BlockHookContext => ({
    height: 2,
    timeMs: 1000,
    proposer,
    validators: [],
    marks: new Set(),
    misbehaviour: [],
    absent: [],
    upgrades: new Set(),
  });
  assert.equal(distributeFees(state, block(validator), 1000n).rest, 0n);
  assert.equal(readAccount(state, operator).balance - before, 100n);
  assert.equal(readAccount(state, bondedPoolAccount).balance - pool, 900n);
  const v = readStakeValidator(state, validator)!;
  assert.equal(v.tokens, 4_000_900n);
  // The delegator holds 3/4 of the shares: 3/4 of the 900 is now its.
  const shares = readDelegations(state, delegator)[0]!.shares;
  assert.equal(delegatedTokens(v, shares), 3_000_675n);
  // A proposer without a stake record leaves every fee to its account (paid by execution).
  assert.equal(distributeFees(state, block(delegator), 1000n).rest, 1000n);
});

// Slashing accounting: a slash burns only the stake that backed the infraction (bonded at its
// height), and downtime is judged over a sliding window of the last blocks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressOf } from '../../crypto/index.ts';
import { createMemoryKvStore, createMerkleStore } from '../../state/index.ts';
import { testSigner } from '../../../test/support/chain.ts';
import { credit, readAccount } from '../accounts.ts';
import type { BlockHookContext, MessageContext } from '../module.ts';
import { createOverlay, type StateOverlay } from '../overlay.ts';
import { genesisStaking } from './genesis.ts';
import { delegateMessage, undelegateMessage } from './messages.ts';
import { bondedPoolAccount, delegatedTokens, tokensOf } from './shares.ts';
import { beginBlockStaking } from './slashing.ts';
import { recordBond, recordUnbond, unbondedSince } from './recentBonds.ts';
import {
  readDelegations,
  readRecentBonds,
  readRecentUnbonds,
  readStakeValidator,
  readUnbondings,
} from './store.ts';
import { stakingLimits } from './types.ts';

const validatorKey = testSigner(0x20).publicKey;
const validator = addressOf(validatorKey);
const alice = addressOf(testSigner(0x21).publicKey);
const bob = addressOf(testSigner(0x22).publicKey);

function chain(): StateOverlay {
  const state = createOverlay(createMerkleStore({ kv: createMemoryKvStore() }));
  // 10,000,000 upol self-bonded at genesis.
  genesisStaking(state, [{ address: validator, publicKey: validatorKey, power: 10 }]);
  credit(state, alice, 50_000_000n);
  credit(state, bob, 50_000_000n);
  return state;
}

const tx = (sender: Uint8Array, height: number): MessageContext => ({
  height,
  timeMs: height * 1000,
  sender,
  txHash: new Uint8Array(32),
  validators: [],
  pausable: new Set(),
});

function block(height: number, extra: Partial<BlockHookContext> = {}): BlockHookContext {
  return {
    height,
    timeMs: height * 1000,
    proposer: validator,
    validators: [],
    marks: new Set(),
    misbehaviour: [],
    absent: [],
    upgrades: new Set(),
    ...extra,
  };
}

function worth(state: StateOverlay, delegator: Uint8Array): bigint {
  const shares = readDelegations(state, delegator)[0]?.shares ?? 0n;
  return delegatedTokens(readStakeValidator(state, validator)!, shares);
}

const doubleSignAt = (height: number) => ({
  misbehaviour: [{ validator, height, evidenceHash: new Uint8Array(32).fill(7) }],
});

test('stake delegated after the infraction is not slashed when the evidence arrives later', () => {
  const state = chain();
  delegateMessage.run(state, tx(alice, 2), { validator, amount: 10_000_000n });
  // The double sign happens at height 5; bob delegates at 7; the evidence lands in block 9.
  delegateMessage.run(state, tx(bob, 7), { validator, amount: 20_000_000n });
  const pool = readAccount(state, bondedPoolAccount).balance;
  beginBlockStaking(state, block(9, doubleSignAt(5)));
  const v = readStakeValidator(state, validator)!;
  // 5% of the 20,000,000 bonded at height 5 (the validator's and alice's), not of the 40,000,000.
  assert.equal(v.slashes[0]?.amount, 1_000_000n);
  assert.equal(pool - readAccount(state, bondedPoolAccount).balance, 1_000_000n);
  assert.equal(v.tokens, 39_000_000n);
  assert.equal(worth(state, bob), 20_000_000n, 'bonded after the infraction: untouched');
  // Bonded at the infraction: slashed by 5% (share prices round down, by at most 1 upol).
  assert.ok(9_500_000n - worth(state, alice) <= 1n, String(worth(state, alice)));
  assert.ok(9_500_000n - worth(state, validator) <= 1n, String(worth(state, validator)));
});

test('stake bonded after the infraction height, in an earlier block than the evidence, is spared', () => {
  const state = chain();
  delegateMessage.run(state, tx(alice, 4), { validator, amount: 10_000_000n });
  // A double sign at height 3, before alice bonded at 4, is proved at block 8.
  beginBlockStaking(state, block(8, doubleSignAt(3)));
  assert.equal(worth(state, alice), 10_000_000n);
  assert.ok(9_500_000n - worth(state, validator) <= 1n, String(worth(state, validator)));
});

test('an undelegation gives up the newest stake first, so what stays bonded keeps its height', () => {
  const state = chain();
  delegateMessage.run(state, tx(alice, 2), { validator, amount: 10_000_000n });
  delegateMessage.run(state, tx(alice, 7), { validator, amount: 10_000_000n });
  undelegateMessage.run(state, tx(alice, 8), { validator, amount: 10_000_000n });
  beginBlockStaking(state, block(9, doubleSignAt(5)));
  // The 10,000,000 still bonded was bonded at height 2: slashed; the unbonding stake too.
  assert.equal(worth(state, alice), 9_500_000n);
  assert.equal(readStakeValidator(state, validator)!.unbondingTokens, 9_500_000n);
});

test('an unbonding started before the infraction is untouched; one started at or after it is slashed', () => {
  const state = chain();
  delegateMessage.run(state, tx(alice, 2), { validator, amount: 10_000_000n });
  delegateMessage.run(state, tx(bob, 2), { validator, amount: 10_000_000n });
  undelegateMessage.run(state, tx(alice, 4), { validator, amount: 10_000_000n });
  undelegateMessage.run(state, tx(bob, 5), { validator, amount: 10_000_000n });
  beginBlockStaking(state, block(9, doubleSignAt(5)));
  const v = readStakeValidator(state, validator)!;
  const unbonded = (who: Uint8Array) =>
    tokensOf(readUnbondings(state, who)[0]!.shares, v.unbondingTokens, v.unbondingShares);
  assert.equal(unbonded(alice), 10_000_000n, 'left before the infraction');
  assert.equal(unbonded(bob), 9_500_000n, 'left in the infraction block');
  // 5% of the validator's own 10,000,000 and of bob's unbonding 10,000,000.
  assert.equal(v.slashes[0]?.amount, 1_000_000n);
});

test('misses straddling a fixed-window boundary jail under the sliding window', () => {
  const state = chain();
  // Defaults: 50 misses within the last 100 blocks jail. 30 misses at heights 70–99, then 30 at
  // 100–129: never 50 in one of the fixed windows 0–99 and 100–199, but 50 within 70–119.
  let jailedAt: number | undefined;
  for (let missed = 70; missed < 130; missed++) {
    beginBlockStaking(state, block(missed + 1, { absent: [validator] }));
    if (jailedAt === undefined && readStakeValidator(state, validator)!.jailedUntilMs !== undefined)
      jailedAt = missed;
  }
  assert.equal(jailedAt, 119);
  const v = readStakeValidator(state, validator)!;
  assert.equal(v.slashes[0]?.reason, 'downtime');
  assert.deepEqual(v.missedHeights, [], 'the window is cleared when jailed');
});

test('misses further apart than the window never add up', () => {
  const state = chain();
  // 49 misses, then 100 blocks signed, then 49 more: at most 49 within any 100 blocks.
  for (let missed = 10; missed < 59; missed++)
    beginBlockStaking(state, block(missed + 1, { absent: [validator] }));
  for (let missed = 159; missed < 208; missed++)
    beginBlockStaking(state, block(missed + 1, { absent: [validator] }));
  const v = readStakeValidator(state, validator)!;
  assert.equal(v.jailedUntilMs, undefined);
  assert.equal(v.missedHeights.length, 49);
});

test('the recent lists stay bounded; a lost undelegation makes a slash reach all unbonding stake', () => {
  const state = chain();
  const max = stakingLimits.recentUnbondsMax;
  for (let i = 0; i <= max; i++) {
    const who = new Uint8Array(20).fill(i + 1);
    recordBond(state, validator, who, 1n, 10 + i);
    recordUnbond(state, validator, who, 10 + i);
  }
  assert.equal(readRecentBonds(state, validator).length, stakingLimits.recentBondsMax);
  assert.equal(readRecentUnbonds(state, validator).entries.length, max);
  // The entry of height 10 was dropped: a slash for height 10 or before cannot tell; after, it can.
  assert.equal(unbondedSince(state, validator, 10), undefined);
  assert.equal(unbondedSince(state, validator, 11)?.length, max);
  // Past the evidence age, entries and the dropped mark are pruned.
  recordUnbond(state, validator, alice, 11 + max + stakingLimits.evidenceAgeBlocks);
  assert.equal(readRecentUnbonds(state, validator).entries.length, 1);
  assert.equal(readRecentUnbonds(state, validator).droppedAbove, 0);
});

// Block time is the weighted median of the last commit's times: the proposer's clock plays no
// part, every validator accepts only that exact value, and a minority of liars cannot move it
// outside the honest signers' times.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryKvStore } from '../state/index.ts';
import { encodeBlock, commitHash, type Block } from '../types/index.ts';
import {
  openTestApp,
  proposeAndCommit,
  resignCommit,
  signCommit,
  testGenesis,
  testValidator,
} from '../../test/support/chainApp.ts';
import { blockTimeMs, medianTimeMs } from './index.ts';

const validators = [0xc1, 0xc2, 0xc3, 0xc4].map((seed) => testValidator(seed, 10));
const genesis = testGenesis(validators, []);

const sigs = (times: readonly number[], powers: readonly number[]) => {
  const vs = powers.map((p, i) => testValidator(0xd0 + i, p));
  return {
    validators: vs.map((v) => v.validator),
    commit: {
      signatures: times.map((timeMs, i) => ({
        validator: vs[i]!.validator.address,
        timeMs,
        signature: { scheme: 'ed25519' as const, bytes: new Uint8Array(64) },
      })),
    },
  };
};

test('the median is the earliest time after which more than half of the signed power lies', () => {
  const equal = sigs([300, 100, 200, 9_999], [10, 10, 10, 10]);
  assert.equal(medianTimeMs(equal.commit, equal.validators), 300); // 100, 200 hold only half
  const heavy = sigs([500, 100, 200, 300], [70, 10, 10, 10]);
  assert.equal(medianTimeMs(heavy.commit, heavy.validators), 500);
  const odd = sigs([9, 1, 5], [1, 1, 1]);
  assert.equal(medianTimeMs(odd.commit, odd.validators), 5);
  // A signer outside the set weighs nothing; no power at all gives no time.
  assert.equal(medianTimeMs(odd.commit, odd.validators.slice(0, 1)), 9);
  assert.equal(medianTimeMs(odd.commit, []), undefined);
  assert.equal(
    blockTimeMs({ height: 1, genesisTimeMs: 42, lastCommit: undefined, lastValidators: [] }),
    42,
  );
});

test('signers holding less than a third of the power cannot move the median outside the honest times', () => {
  // A deterministic sweep over powers and lies: honest signers' times lie in [1000, 1000 + 50],
  // liars sign far in the past or the future; the commit holds more than two thirds.
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let run = 0; run < 500; run++) {
    const n = 2 + next(8);
    const powers = Array.from({ length: n }, () => 1 + next(20));
    const total = powers.reduce((a, b) => a + b, 0);
    const liars = new Set<number>();
    let liePower = 0;
    for (const i of powers.map((_, i) => i).sort(() => next(3) - 1)) {
      if (3 * (liePower + powers[i]!) < total && next(2) === 0) {
        liars.add(i);
        liePower += powers[i]!;
      }
    }
    // Signers: every liar, then honest ones until more than two thirds signed.
    const signers = [...liars];
    let signed = liePower;
    for (let i = 0; i < n && 3 * signed <= 2 * total; i++) {
      if (liars.has(i)) continue;
      signers.push(i);
      signed += powers[i]!;
    }
    const times = signers.map((i) =>
      liars.has(i) ? (next(2) === 0 ? 0 : 10 ** 13) : 1000 + next(51),
    );
    const honest = times.filter((_, k) => !liars.has(signers[k]!));
    const { commit, validators: vs } = sigs(
      times,
      signers.map((i) => powers[i]!),
    );
    const median = medianTimeMs(commit, vs);
    assert.ok(median !== undefined);
    assert.ok(
      median >= Math.min(...honest) && median <= Math.max(...honest),
      `run ${run}: median ${median} outside honest [${Math.min(...honest)}, ${Math.max(...honest)}] (powers ${powers.join(',')}, liars ${[...liars].join(',')})`,
    );
  }
});

test("block 1 takes the genesis time and block 2 the median of block 1's commit, whatever the proposer's clock", async () => {
  const a = await openTestApp(genesis);
  const b = await openTestApp(genesis, createMemoryKvStore());
  const first = await a.proposeBlock({
    proposer: validators[0]!.validator.address,
    lastCommit: undefined,
    evidence: [],
  });
  assert.equal(first.block.header.timeMs, genesis.genesisTimeMs);
  const t = genesis.genesisTimeMs;
  // Three of four sign; one of them lies an hour ahead: the median is an honest time.
  const commit = signCommit(a.chainId, first, validators.slice(0, 3), (i) =>
    i === 0 ? t + 3_600_000 : t + 1000 + i,
  );
  await a.commitBlock(first, commit);
  const verdict1 = await b.validateBlock(first.bytes);
  assert.ok(verdict1.ok);
  await b.commitBlock(verdict1.candidate, commit);
  const second = await a.proposeBlock({
    proposer: validators[1]!.validator.address,
    lastCommit: commit,
    evidence: [],
  });
  assert.equal(second.block.header.timeMs, t + 1002);
  const verdict2 = await b.validateBlock(second.bytes);
  assert.ok(verdict2.ok, verdict2.ok ? '' : verdict2.reason);
});

test('a header time other than the median of its last commit is rejected', async () => {
  const a = await openTestApp(genesis);
  const b = await openTestApp(genesis, createMemoryKvStore());
  const first = await proposeAndCommit(a, validators[0]!, validators.slice(0, 3));
  await b.commitBlock(first.candidate, first.commit);
  // The proposer picks a last commit re-signed five seconds later: a valid, later median.
  const later = resignCommit(a.chainId, first.commit, validators, a.tip().timeMs + 5000);
  const candidate = await a.proposeBlock({
    proposer: validators[1]!.validator.address,
    lastCommit: later,
    evidence: [],
  });
  assert.equal(candidate.block.header.timeMs, a.tip().timeMs + 5000);
  const ok = await b.validateBlock(candidate.bytes);
  assert.ok(ok.ok, ok.ok ? '' : ok.reason);
  const block: Block = candidate.block;
  for (const timeMs of [block.header.timeMs + 1, block.header.timeMs - 1, a.tip().timeMs + 1]) {
    const bad = { ...block, header: { ...block.header, timeMs } };
    const verdict = await b.validateBlock(encodeBlock(bad));
    if (verdict.ok) assert.fail(`time ${timeMs} was accepted`);
    assert.match(verdict.reason, /time .* is not the median/);
  }
  // A last commit whose median is not after the tip's time cannot make a block: every honest
  // precommit is later than the block it decides, so only liars holding half of it could.
  const stale = resignCommit(a.chainId, first.commit, validators, a.tip().timeMs);
  await assert.rejects(
    a.proposeBlock({ proposer: validators[1]!.validator.address, lastCommit: stale, evidence: [] }),
    /after/,
  );
  const staleBlock = {
    ...block,
    lastCommit: stale,
    header: { ...block.header, timeMs: a.tip().timeMs, lastCommitHash: commitHash(stale) },
  };
  const verdict = await b.validateBlock(encodeBlock(staleBlock));
  if (verdict.ok) assert.fail('a block no later than the tip was accepted');
  assert.match(verdict.reason, /not after the previous block/);
});

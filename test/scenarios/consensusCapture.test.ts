// Consensus power in the capture metrics (issue 11): `testnet init` refuses a validator holding two
// thirds or more of the voting power unless told to allow it, warns from a third, and the stored
// capture metrics then say how few validators can halt the chain or commit blocks alone.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { captureCodec, consensusCapture, governanceKeys } from '../../src/execution/index.ts';
import { decode } from '../../src/codec/index.ts';
import { isPolityError } from '../../src/lib/index.ts';
import { readGenesis } from '../../src/node/home.ts';
import { initTestnet } from '../../src/node/testnet.ts';
import { openTestApp, proposeAndCommit, type TestValidator } from '../support/chainApp.ts';

const options = (out: string, powers: number[]) => ({
  out,
  validators: powers.length,
  chainId: 'concentrated',
  basePort: 27_600,
  accounts: 1,
  balance: 1_000_000n,
  powers,
  governance: 'instant' as const,
});

test('testnet init refuses 70,10,10,10 unless allowed; the capture row shows one validator finalizes', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'polity-power-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await assert.rejects(
    initTestnet(options(join(dir, 'refused'), [70, 10, 10, 10])),
    (e: unknown) => isPolityError(e) && e.code === 'concentrated_power' && /node0/.test(e.message),
  );
  const made = await initTestnet({
    ...options(join(dir, 'allowed'), [70, 10, 10, 10]),
    allowConcentratedPower: true,
  });
  assert.match(made.warnings.join('\n'), /node0 holds 70\.00% of the voting power/);
  // The chain it made: node0's signature alone commits a block, and the capture metrics say so.
  const genesis = await readGenesis(made.manifest.nodes[0]!.home);
  const app = await openTestApp(genesis);
  // Genesis lists the validators in node order.
  const node0: TestValidator = {
    signer: made.validatorSigners[0]!.signer,
    validator: genesis.validators[0]!,
  };
  await proposeAndCommit(app, node0, [node0]);
  const capture = decode(captureCodec, app.state.get(governanceKeys.capture)!);
  assert.deepEqual(capture.consensus, { validators: 4, entities: 4, halt: 1, finalize: 1 });
});

test('a third of the power is a warning, not a refusal; equal powers are neither', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'polity-power-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const third = await initTestnet(options(join(dir, 'third'), [40, 30, 20, 10]));
  assert.equal(third.warnings.length, 1);
  assert.match(third.warnings[0]!, /node0 holds 40\.00%.*halt the chain/);
  const equal = await initTestnet(options(join(dir, 'equal'), [10, 10, 10, 10]));
  assert.deepEqual(equal.warnings, []);
});

test('consensus capture counts power by operator: halting takes a third, finalizing more than two thirds', () => {
  const by = (entity: string, power: number) => ({ entity, power: BigInt(power) });
  assert.deepEqual(consensusCapture([by('a', 10), by('b', 10), by('c', 10), by('d', 10)]), {
    validators: 4,
    entities: 4,
    halt: 2,
    finalize: 3,
  });
  // Exactly a third halts (the rest cannot exceed two thirds); exactly two thirds does not finalize.
  assert.equal(consensusCapture([by('a', 1), by('b', 1), by('c', 1)]).halt, 1);
  assert.equal(consensusCapture([by('a', 2), by('b', 1)]).finalize, 2);
  // Two validators of one operator count as one entity.
  assert.deepEqual(consensusCapture([by('op', 20), by('op', 20), by('x', 30), by('y', 30)]), {
    validators: 4,
    entities: 3,
    halt: 1,
    finalize: 2,
  });
  assert.deepEqual(consensusCapture([]), {
    validators: 0,
    entities: 0,
    halt: undefined,
    finalize: undefined,
  });
});

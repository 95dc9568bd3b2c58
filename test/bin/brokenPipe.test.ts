// `polity … | head`: a reader that stops early closes the pipe, and the CLI must end quietly
// (exit 0, nothing on stderr) instead of dying of EPIPE with a stack trace.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'polity.js');

/** Runs polity with a stdout pipe whose reading end is closed before the CLI writes anything. */
function runIntoClosedPipe(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    // The reader goes away at once, as `head` does once it has its lines: every write the CLI
    // makes then hits a pipe with no reader.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('close', (code) => {
      resolve({ code, stderr });
    });
  });
}

describe('output into a closed pipe', () => {
  let home: string;
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'polity-pipe-'));
  });
  after(async () => {
    await rm(home, { recursive: true, force: true });
  });

  for (const args of [['--help'], ['gov', '--help'], ['keys', 'list'], ['keys', 'list', '--json']])
    it(`polity ${args.join(' ')} ends quietly with exit 0`, async () => {
      const run = await runIntoClosedPipe(args, { POLITY_HOME: home });
      assert.equal(run.stderr, '');
      assert.equal(run.code, 0);
    });

  it('keeps the exit code of a command that failed', async () => {
    const run = await runIntoClosedPipe(['status', '--frobnicate'], { POLITY_HOME: home });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^error\[unknown_option\]/);
  });
});

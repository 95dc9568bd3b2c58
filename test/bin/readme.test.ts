// The README's tour run from a clone leaves folders in the checkout (`testnet init --out
// ./testnet`, `dev --home ./devnet`): each must be ignored by git, or a newcomer's first
// `git status` lists a testnet's keys and databases as files to commit.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');

test('every folder the README creates inside the checkout is ignored by git', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const folders = new Set(
    [...readme.matchAll(/--(?:out|home) \.\/([A-Za-z0-9_.-]+)/g)].map((m) => m[1] ?? ''),
  );
  assert.ok(folders.has('testnet'), 'the README makes ./testnet');
  for (const folder of folders) {
    const probe = `${folder}/node0/data/CURRENT`;
    const run = spawnSync('git', ['check-ignore', '--no-index', '-q', probe], { cwd: root });
    assert.equal(run.status, 0, `${folder}/ is not ignored by .gitignore`);
  }
});

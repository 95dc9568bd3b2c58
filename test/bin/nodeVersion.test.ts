// The Node.js version check of bin/polity.js: a pure function of the version string, so every
// boundary is tested here without an old Node binary.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeVersionMin, nodeVersionProblem } from '../../bin/nodeVersion.js';

describe('the Node.js version check', () => {
  it('refuses releases older than the minimum, naming the version and how to get Node 24', () => {
    for (const old of ['v20.20.2', 'v18.0.0', 'v22.11.0', 'v22.0.0', 'v21.99.99', 'v0.12.0']) {
      const problem = nodeVersionProblem(old, '/usr/bin/node');
      assert.ok(problem !== undefined, old);
      assert.match(problem, /^error\[node_version_unsupported\]: polity needs Node\.js 22\.12\.0/);
      assert.ok(problem.includes(`this is Node.js ${old} (/usr/bin/node)`), problem);
      assert.match(problem, /nvm install 24/);
      assert.match(problem, /npm install --global node@24/);
    }
  });

  it('accepts the minimum and every later release', () => {
    for (const ok of [
      'v22.12.0',
      'v22.12.1',
      'v22.13.0',
      'v23.0.0',
      'v24.0.0',
      'v24.21.0',
      'v100.0.0',
    ])
      assert.equal(nodeVersionProblem(ok), undefined, ok);
  });

  it('refuses a version string it cannot read rather than guessing', () => {
    assert.ok(nodeVersionProblem('nightly') !== undefined);
  });

  it("agrees with package.json's engines.node, which npm ci enforces (engine-strict)", () => {
    const root = join(import.meta.dirname, '..', '..');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    assert.equal(pkg.engines.node, `>=${nodeVersionMin}`);
    assert.match(readFileSync(join(root, '.npmrc'), 'utf8'), /^engine-strict=true$/m);
  });
});

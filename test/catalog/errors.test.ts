// The closed set of error codes: the generated table is current, every declared code is raised
// somewhere, every code named in a comparison or an assertion is declared, and no error is built
// without a declaration.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  codesNamed,
  errorsDocPath,
  loadCatalog,
  renderErrorsDoc,
  sourceFiles,
  undeclaredConstructions,
  usesOf,
} from '../../scripts/errorCatalog.ts';

// Folders still moving to declared codes (issue 10); empty once the migration is complete.
const migrating: readonly string[] = [];
const migrated = (f: string): boolean => !migrating.some((m) => f.startsWith(m));

test('docs/spec/errors.md is generated from the declarations (npm run docs:errors)', async () => {
  const entries = await loadCatalog();
  assert.equal(readFileSync(errorsDocPath, 'utf8'), renderErrorsDoc(entries));
});

test('every declared code is raised or checked somewhere in src/', async () => {
  const entries = await loadCatalog();
  const uses = usesOf(entries, sourceFiles('src'));
  const unused = [...uses].filter(([, n]) => n === 0).map(([code]) => code);
  assert.deepEqual(unused, [], `declared but never used: ${unused.join(', ')}`);
});

test('every code named in src/, test/ and bench/ is declared', async () => {
  // Test modules (test/support) declare codes of their own.
  const entries = await loadCatalog(['test/support']);
  const declared = new Set(entries.map((e) => e.code));
  // Tests name codes of every folder (src/**/*.test.ts too: the node's tests check chain and
  // execution codes): they are checked once no folder is migrating.
  const done = migrating.length === 0;
  const folders = done ? ['src', 'test', 'bench'] : ['src'];
  const files = folders.flatMap((f) => sourceFiles(f, done)).filter(migrated);
  const unknown = [...codesNamed(files)].filter(([code]) => !declared.has(code));
  assert.deepEqual(
    unknown.map(([code, file]) => `${code} (${file})`),
    [],
    'named as an error code but never declared with defineErrors',
  );
});

test('no error is built without a declared code', () => {
  const offenders = undeclaredConstructions(sourceFiles('src').filter(migrated));
  assert.deepEqual(offenders, [], 'build errors with the factories of a defineErrors table');
});

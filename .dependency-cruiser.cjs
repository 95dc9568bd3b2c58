// The architecture boundary check (docs/ARCHITECTURE.md: the "may import" column of the folder
// table, and the rules under it): which folder of src/ may import which, no import cycles, and
// across folders only through a folder's index.ts. `allowed` names every folder of src/ and only
// those (checked below when this file loads), so no rule speaks of a folder that does not exist.
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

const allowed = {
  lib: [],
  codec: ['lib'],
  crypto: ['lib', 'codec'],
  types: ['lib', 'codec', 'crypto'],
  ports: ['lib', 'types'],
  state: ['lib', 'codec', 'crypto', 'ports'],
  execution: ['lib', 'codec', 'crypto', 'types', 'state', 'ports'],
  consensus: ['lib', 'codec', 'crypto', 'types', 'ports'],
  mempool: ['lib', 'codec', 'crypto', 'types', 'ports'],
  p2p: ['lib', 'codec', 'crypto', 'types', 'ports'],
  sync: ['lib', 'codec', 'crypto', 'types', 'ports', 'p2p'],
  chain: ['lib', 'codec', 'crypto', 'types', 'ports', 'state', 'execution', 'mempool', 'consensus'],
  api: ['lib', 'codec', 'crypto', 'types', 'state', 'light', 'execution'],
  light: ['lib', 'codec', 'crypto', 'types', 'state'],
  node: [
    'lib',
    'codec',
    'crypto',
    'types',
    'ports',
    'state',
    'execution',
    'consensus',
    'chain',
    'mempool',
    'p2p',
    'sync',
    'api',
    'light',
  ],
  cli: ['lib', 'codec', 'crypto', 'types', 'execution', 'node', 'api'],
};

const folders = Object.keys(allowed);

// The rules must describe the folders that exist: fail loudly when src/ and `allowed` disagree.
const present = readdirSync(join(__dirname, 'src'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const unnamed = present.filter((f) => !folders.includes(f));
const missing = folders.filter((f) => !present.includes(f));
const unknownTargets = folders.flatMap((f) => allowed[f].filter((t) => !folders.includes(t)));
if (unnamed.length + missing.length + unknownTargets.length > 0) {
  throw new Error(
    `.dependency-cruiser.cjs and src/ disagree: not named here: [${unnamed.join(', ')}]; ` +
      `named but absent: [${missing.join(', ')}]; unknown import targets: [${unknownTargets.join(', ')}]`,
  );
}

const boundaryRules = folders.map((from) => {
  const forbiddenTargets = folders.filter((f) => f !== from && !allowed[from].includes(f));
  return {
    name: `boundary-${from}`,
    comment: `src/${from} may import only: ${allowed[from].join(', ') || 'nothing in src'}`,
    severity: 'error',
    from: { path: `^src/${from}/` },
    to: { path: forbiddenTargets.length > 0 ? `^src/(${forbiddenTargets.join('|')})/` : '^$' },
  };
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make initialisation order fragile and hide layering mistakes.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'enter-through-index',
      severity: 'error',
      comment: 'Across folders, import only from a folder index.ts (its public surface).',
      from: { path: '^src/([^/]+)/' },
      to: {
        path: '^src/([^/]+)/',
        pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$', '^src/api/client/index\\.ts$'],
      },
    },
    {
      name: 'no-src-to-test',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(test|bench)/' },
    },
    ...boundaryRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};

// Lint rules that encode the architecture: strict type-checked TypeScript everywhere, and in the
// deterministic cores (consensus, chain, execution, state, codec, types, mempool) no wall clock,
// randomness, timers or direct I/O — those arrive only through ports (docs/ARCHITECTURE.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const coreFolders = [
  'src/lib/**',
  'src/codec/**',
  'src/types/**',
  'src/state/**',
  'src/execution/**',
  'src/chain/**',
  'src/consensus/**',
  'src/mempool/**',
  'src/contracts/**',
];

const timeMessage = 'Cores take time from the Timers port (src/ports).';

const nondeterministicImports = [
  'node:fs',
  'node:fs/promises',
  'node:net',
  'node:http',
  'node:https',
  'node:dgram',
  'node:child_process',
  'node:worker_threads',
  'node:os',
  'fs',
  'net',
  'http',
  'https',
  'classic-level',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'bin/**',
      'eslint.config.js',
      '.dependency-cruiser.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (style.md).' },
      ],
    },
  },
  {
    files: coreFolders,
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nondeterministicImports.map((name) => ({
            name,
            message: 'Cores do no I/O: take it through a port in src/ports.',
          })),
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: timeMessage },
        { name: 'setInterval', message: timeMessage },
        { name: 'setImmediate', message: timeMessage },
        { name: 'performance', message: timeMessage },
        { name: 'fetch', message: 'Cores do no network I/O.' },
        { name: 'process', message: 'Cores read no environment.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: timeMessage },
        { object: 'Math', property: 'random', message: 'Cores use the Rng port.' },
        { object: 'crypto', property: 'getRandomValues', message: 'Cores use the Rng port.' },
        { object: 'crypto', property: 'randomUUID', message: 'Cores use the Rng port.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (style.md).' },
        { selector: "NewExpression[callee.name='Date']", message: timeMessage },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
    },
  },
);

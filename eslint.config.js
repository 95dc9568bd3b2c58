// Lint rules that encode the architecture: strict type-checked TypeScript everywhere; in the
// deterministic cores (consensus, chain, execution, state, mempool, and below them types, codec,
// lib, and the ports' interfaces) no wall clock, randomness, timers or direct I/O — time and
// storage arrive only through the ports of src/ports, randomness never (docs/ARCHITECTURE.md);
// and src/ports declares interfaces only.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
  'src/ports/**',
];
// A rule about a folder that does not exist protects nothing: fail loudly instead.
for (const glob of coreFolders) {
  const folder = glob.replace(/\/\*\*$/, '');
  if (!existsSync(join(import.meta.dirname, folder))) throw new Error(`no core folder ${folder}`);
}

const timeMessage = 'Cores take time from the Timers port (src/ports).';
const randomMessage = 'Cores are deterministic: a random value is an argument, never drawn here.';

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
        { object: 'Math', property: 'random', message: randomMessage },
        { object: 'crypto', property: 'getRandomValues', message: randomMessage },
        { object: 'crypto', property: 'randomUUID', message: randomMessage },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (style.md).' },
        { selector: "NewExpression[callee.name='Date']", message: timeMessage },
      ],
    },
  },
  {
    // Ports are the boundary's shape; their implementations live with whoever provides them.
    files: ['src/ports/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          'Program > VariableDeclaration',
          'Program > FunctionDeclaration',
          'Program > ClassDeclaration',
          'Program > TSEnumDeclaration',
          'ExportNamedDeclaration > VariableDeclaration',
          'ExportNamedDeclaration > FunctionDeclaration',
          'ExportNamedDeclaration > ClassDeclaration',
          'ExportNamedDeclaration > TSEnumDeclaration',
        ].map((selector) => ({
          selector,
          message: 'src/ports holds interfaces only: put implementations in src/node/adapters.',
        })),
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (style.md).' },
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

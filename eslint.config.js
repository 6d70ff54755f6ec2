// ESLint for every workspace (run with `npm run lint`). TypeScript files are linted with type information through
// typescript-eslint's project service, which finds each file's nearest tsconfig.json, so a new workspace (client/,
// figma-plugin/) is covered once it has one. The import rules below encode the server's layer direction from
// docs/architecture.md: http/ → services/ → adapters (db/, blobs/, queue/, events/, providers/); domain/ imports no I/O.
import js from '@eslint/js';
import { importX } from 'eslint-plugin-import-x';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const adapters = ['db', 'blobs', 'queue', 'events', 'providers'];

// Node's modules that reach disks, networks or other processes, by both of their names.
const nodeInputOutput = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'tls',
  'dgram',
  'dns',
  'child_process',
  'cluster',
  'worker_threads',
].flatMap((name) => [name, `node:${name}`]);

// Packages that are I/O: the web framework, databases, queues, Redis, image decoding, blob storage, identity, models.
const inputOutputPackages = [
  'fastify',
  'fastify-type-provider-zod',
  'kysely',
  'pg',
  'better-sqlite3',
  'ioredis',
  'bullmq',
  'sharp',
  'openid-client',
  'ai',
  'undici',
  'ws',
];
const inputOutputPackagePatterns = ['@fastify/*', '@azure/*', '@ai-sdk/*'];

const frameworkPackages = ['fastify', 'fastify-type-provider-zod'];

// An import of a sibling server folder, written relative to a file anywhere below server/src.
const folderImport = (folders) => `^(\\.\\./)+(${folders.join('|')})/`;

const restrictImports = ({ paths = [], patterns = [] }) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
});

const packagesMessage = (layer, what) => ({ message: `${layer} does not use ${what} (docs/architecture.md, layers).` });

export default defineConfig(
  {
    ignores: ['**/node_modules/', '**/dist/', '**/coverage/', '**/data/', 'client/src/generated/', 'client/openapi.json'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // Plain JavaScript entry points (the Node launcher, the CLI's bin) run in Node.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      // Imports name their files with the extension (`./x.ts`), so Node's resolution is all no-cycle needs; the
      // parser setting lets it read the TypeScript files it follows.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/test return promises that the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'suite', 'it', 'test', 'only', 'skip', 'todo'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      'import-x/no-cycle': 'error',
      // Tests read JSON answers as `any`, and Kysely migrations take `Kysely<any>` as Kysely's guide recommends.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // A variable assigned once but read earlier by a closure (set when the object it names exists) stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Test fakes hand async handlers to node:http and yauzl on purpose: a fake that throws surfaces as an unhandled
    // rejection, which fails the test file, as a broken fake should.
    files: ['server/test/**/*.ts'],
    rules: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }] },
  },
  {
    files: ['server/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['server/src/domain/**/*.ts'],
    rules: restrictImports({
      paths: [...nodeInputOutput, ...inputOutputPackages].map((name) => ({
        name,
        ...packagesMessage('domain/', 'I/O'),
      })),
      patterns: [
        { regex: '^\\.\\./', ...packagesMessage('domain/', 'other server folders') },
        { group: inputOutputPackagePatterns, ...packagesMessage('domain/', 'I/O') },
      ],
    }),
  },
  {
    files: ['server/src/http/**/*.ts'],
    rules: restrictImports({
      patterns: [
        {
          regex: folderImport(['db', 'blobs', 'queue']),
          ...packagesMessage('http/', 'adapters directly; go through a service'),
        },
        {
          // Routes may name an adapter's types (a job event, a catalog entry) but never call an adapter.
          regex: folderImport(['events', 'providers']),
          allowTypeImports: true,
          ...packagesMessage('http/', 'adapters directly (type imports only); go through a service'),
        },
      ],
    }),
  },
  {
    files: ['server/src/services/**/*.ts'],
    rules: restrictImports({
      paths: frameworkPackages.map((name) => ({ name, ...packagesMessage('services/', 'the web framework') })),
      patterns: [
        { regex: folderImport(['http']), ...packagesMessage('services/', 'http/') },
        { group: ['@fastify/*'], ...packagesMessage('services/', 'the web framework') },
      ],
    }),
  },
  {
    files: adapters.map((adapter) => `server/src/${adapter}/**/*.ts`),
    rules: restrictImports({
      paths: frameworkPackages.map((name) => ({ name, ...packagesMessage('An adapter', 'the web framework') })),
      patterns: [
        { regex: folderImport(['services', 'http']), ...packagesMessage('An adapter', 'services/ or http/') },
        { group: ['@fastify/*'], ...packagesMessage('An adapter', 'the web framework') },
      ],
    }),
  },
  {
    // The Figma plugin has two programs (main thread with Figma's typings, UI with the DOM), so two tsconfigs and no
    // tsconfig.json for the project service to find.
    files: ['figma-plugin/**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: ['figma-plugin/tsconfig.main.json', 'figma-plugin/tsconfig.ui.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
);

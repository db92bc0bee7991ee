// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Lint rules, including the import boundaries of docs/ARCHITECTURE.md:
 *  - packages/domain is pure: no Node built-ins, no database, no HTTP, no server or web code;
 *  - a server module reaches another module only through its service, never its repository or tables;
 *  - the web app imports nothing from the server.
 */
const NODE_BUILTINS = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'worker_threads',
];
const IO_PACKAGES = ['pg', 'drizzle-orm', 'drizzle-orm/*', 'fastify', '@fastify/*', '@electric-sql/*', 'argon2'];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '.tmp/**', 'apps/server/drizzle/**', 'e2e/screenshots/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'off',
    },
  },
  {
    files: ['packages/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: NODE_BUILTINS, message: 'packages/domain is pure: no Node built-ins (inject what you need).' },
            { group: IO_PACKAGES, message: 'packages/domain is pure: no database or HTTP.' },
            {
              group: ['**/apps/**', '@yiwang/server', '@yiwang/web'],
              message: 'the domain imports nothing from the apps.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'no I/O in the domain' },
        { name: 'process', message: 'no environment access in the domain' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'no Date.now() in the domain: take the clock as a parameter.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'no new Date() in the domain: inject the clock.',
        },
      ],
    },
  },
  {
    files: ['apps/server/src/modules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*/*.repository*', '../*/*.repository.ts'],
              message: 'modules use each other through services, never through another module’s repository.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apps/server/**', '@yiwang/server', 'pg', 'drizzle-orm*'],
              message: 'the web talks to the server over HTTP only.',
            },
          ],
        },
      ],
    },
  },
);

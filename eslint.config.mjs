import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

// The type-aware rules read each file's types from the program that owns it, the same projects
// `yarn typecheck` checks (scripts/typecheck.cjs): a package's sources are in its tsconfig.json, its tests
// and test support in its tsconfig.test.json; db/ and scripts/ have a tsconfig.test.json for their tests.
// Globs, so a new package is linted with types as soon as it has those two files. Imports across
// projects read the built declarations, hence `yarn lint` builds first.
const TYPED_PROJECTS = ['./packages/*/tsconfig.json', './**/tsconfig.test.json'];

const COMMONJS_GLOBALS = {
  require: 'readonly',
  module: 'writable',
  exports: 'writable',
  process: 'readonly',
  console: 'readonly',
  __dirname: 'readonly',
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.yarn/**', 'coverage/**', '.bench/**', '.serverless/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['**/*.ts'],
    // Declarations (the stubs/ stand-in) belong to no program and hold nothing these rules look at.
    ignores: ['**/*.d.ts'],
    languageOptions: { parserOptions: { project: TYPED_PROJECTS, tsconfigRootDir: ROOT } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // A default branch does not excuse a missing member of a union: a new event type or state must be
      // placed deliberately in every switch over it.
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
    },
  },
  {
    files: ['db/**/*.js', '*.js', '.sequelizerc', '**/*.cjs', 'stubs/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: COMMONJS_GLOBALS },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

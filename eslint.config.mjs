import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import packageBoundaries from './scripts/eslint/package-boundaries.mjs';
// Prettier (.prettierrc.json: 160 columns) as a lint rule: `npm run lint` fails on unformatted code; `npm run format` fixes it.
import prettierRecommended from 'eslint-plugin-prettier/recommended';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { infscale: packageBoundaries },
    rules: {
      // Another workspace is imported by its package name (its ./testing export for test support) and declared in package.json.
      'infscale/no-relative-import-outside-package': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Go through an adapter; decision code does no I/O.' }],
    },
  },
  prettierRecommended,
);

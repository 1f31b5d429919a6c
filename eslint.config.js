// @ts-check
// `npm run lint`. Recommended sets for JS/TS, Svelte, Astro and MDX, plus the
// import boundaries that dependency-cruiser (.dependency-cruiser.cjs) cannot see:
// it does not parse .astro or .mdx, and it loses type-only imports in .svelte.
// Svelte's accessibility warnings come from svelte-check, not from here.
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import astro from 'eslint-plugin-astro';
import * as mdx from 'eslint-plugin-mdx';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

const WORKER_ONLY_MESSAGE =
  'only the worker loads tfjs and engine/{tf,data,runtime}; the page side imports shared types from engine/contract (see README, "Formatting, linting and boundaries").';

/** Imports that only the worker side (engine/tf, data, runtime, and the cells) may make. */
const workerOnly = [
  { group: ['@tensorflow/*'], message: WORKER_ONLY_MESSAGE },
  { regex: '(^|/)engine/(tf|data|runtime)(/|$)', message: WORKER_ONLY_MESSAGE },
  { group: ['cnn-guide'], message: `the cell API is for cells: ${WORKER_ONLY_MESSAGE}` },
];

/** Pages reach the engine through one entry, src/engine/index.ts. */
/** @type {import('eslint').Linter.RulesRecord} */
const contentRules = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...workerOnly,
        {
          regex: '(^|/)engine/(?!index(\\.ts)?$)',
          message: 'pages import the engine through its one entry, src/engine/index.ts (`…/engine/index.ts`).',
        },
      ],
    },
  ],
};

export default defineConfig(
  {
    ignores: [
      'dist/',
      'dist-*/',
      '.astro/',
      'node_modules/',
      'public/',
      'test-results/',
      'playwright-report/',
      'tests/fixtures/',
      // AssemblyScript, not TypeScript: its decorators and v128/f32 types do not parse.
      'src/engine/tf/native/assembly/',
      'scripts/fixtures/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  svelte.configs.recommended,
  astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // `_name` marks an argument that a signature needs but the body does not.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['scripts/**', 'bench/**', 'tests/**', '*.config.*', '*.js', '*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  {
    // A promise nobody awaits loses its error; these two need type information.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], svelteConfig },
    },
    rules: {
      // svelte-check reports the compiler's warnings (accessibility included) already.
      'svelte/valid-compile': 'off',
      // The grids and tables here render fixed-length arrays by position, so a key adds nothing;
      // lists that reorder are keyed by hand.
      'svelte/require-each-key': 'off',
    },
  },
  {
    // The page side: figures, the cell UI, the .astro wrappers and the tfjs-free engine.
    files: [
      'src/components/**/*.{ts,svelte,astro}',
      'src/engine/{arithmetic,reference,spec,contract}/**/*.ts',
      'src/engine/index.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...workerOnly, { group: ['**/cells/*'], message: `cells run in the worker: ${WORKER_ONLY_MESSAGE}` }] },
      ],
    },
  },
  {
    files: ['src/content/**/*.mdx'],
    ...mdx.flat,
    processor: mdx.createRemarkProcessor({ lintCodeBlocks: false }),
    rules: {
      ...mdx.flat.rules,
      // remark-lint has no configuration here; Markdown style is not this linter's job.
      'mdx/remark': 'off',
      // MDX uses its imports in JSX that these rules do not see, and `{expr}` interpolates.
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': 'off',
      'no-unused-expressions': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      ...contentRules,
    },
  },
  {
    files: ['src/content/**/*.{ts,astro}'],
    rules: contentRules,
  },
);

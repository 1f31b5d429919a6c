// @ts-check
// Import boundaries (`npm run deps`). The layering is content -> components ->
// engine, and only engine/{tf,data,runtime} may load TensorFlow.js, because only
// the worker runs them: a figure or the cell UI that reached tfjs would ship it
// to every page. dependency-cruiser reads .ts, .mjs and .svelte; the .astro and
// .mdx files it cannot parse are held to the same rules by ESLint's
// no-restricted-imports (eslint.config.js).

/** The page side: code that runs on the main thread and must stay tfjs-free. */
const PAGE_SIDE = '^src/(components/|engine/(arithmetic|reference|spec|contract)/|engine/index\\.ts$)';
/** What only the worker may load. */
const WORKER_SIDE = ['^node_modules/@tensorflow/', '^src/engine/(tf|data|runtime)/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'page-side-stays-tfjs-free',
      comment:
        'Figures, the cell UI and the tfjs-free engine folders (arithmetic, reference, spec, contract, engine/index.ts) ' +
        'may not import @tensorflow/* or engine/{tf,data,runtime}, directly or through another module. Shared types ' +
        'belong in engine/contract. (Starting the worker with new Worker(new URL(...)) is not an import and stays allowed.)',
      severity: 'error',
      from: { path: PAGE_SIDE },
      to: { path: WORKER_SIDE, reachable: true },
    },
    {
      name: 'tf-does-not-import-runtime',
      comment: 'engine/tf is the layer under engine/runtime (the worker session). What both need lives in engine/contract.',
      severity: 'error',
      from: { path: '^src/engine/tf/' },
      to: { path: '^src/engine/runtime/', reachable: true },
    },
    {
      name: 'engine-does-not-import-ui',
      comment: 'Dependencies go content -> components -> engine; the engine never imports a component or a page.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^src/(components|content)/' },
    },
    {
      name: 'content-uses-the-engine-entry',
      comment:
        'Pages import the engine only through src/engine/index.ts, so its public surface is one file. ' +
        '(.mdx and .astro pages are checked by ESLint; this covers any script under src/content.)',
      severity: 'error',
      from: { path: '^src/content/' },
      to: { path: '^src/engine/', pathNot: '^src/engine/index\\.ts$' },
    },
  ],
  options: {
    // Type-only imports count: the page side should not even name the worker's modules.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.astro)/|^src/engine/tf/native/assembly/' },
    moduleSystems: ['es6'],
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'browser', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.svelte', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import svelte from '@astrojs/svelte';
import sitemap from '@astrojs/sitemap';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import remarkHeadingId from 'remark-custom-heading-id';
import starlightLinksValidator from 'starlight-links-validator';
import { anchorCheck } from './scripts/anchors/integration.mjs';
import remarkBaseLinks from './scripts/markdown/remark-base-links.mjs';
import offline from './src/offline/integration.mjs';
import contentSecurityPolicy from './scripts/content-security-policy.mjs';
import rehypeFocusableMath from './scripts/rehype-focusable-math.mjs';
import { skipOffscreenHead } from './scripts/skip-offscreen.mjs';
import { lightToc } from './scripts/light-toc.mjs';
import cellDirective from './src/components/cell/cell-directive.mjs';

// Where the site is served from comes from the environment, so the same code
// deploys to a domain root or to a sub-path such as GitHub Pages' /<repo>/.
const site = process.env.SITE_URL || 'http://127.0.0.1:4321';
const base = process.env.BASE_PATH || '/';

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  // Cross-origin isolation (astro dev and astro preview): SharedArrayBuffer,
  // hence the WASM backend's threaded build. Every resource is same-origin.
  server: {
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  },
  integrations: [
    starlight({
      title: 'CNNs, run in your browser',
      description:
        'A guide to convolutional neural networks whose examples train, visualise and explain CNNs in your own browser.',
      customCss: ['katex/dist/katex.min.css', './src/styles/guide.css'],
      sidebar: [
        { label: 'Start here', link: '/' },
        { label: 'Guide', autogenerate: { directory: 'guide' } },
      ],
      lastUpdated: false,
      // Off-screen formulas, code and figures skip layout until scrolled near (see the script).
      head: [skipOffscreenHead],
      pagination: true,
      // Internal links are checked at build; a broken one fails it. Relative
      // links in Markdown reach it as absolute ones (remark-base-links); only
      // the splash pages' hero buttons in front matter stay relative.
      plugins: [starlightLinksValidator({ errorOnRelativeLinks: false })],
      components: { Footer: './src/components/overrides/Footer.astro' },
      // The sidebar numbers the chapters and marks the runnable ones; pages with formulas preload KaTeX's main fonts.
      routeMiddleware: ['./src/components/overrides/sidebar-route-data.ts', './src/components/overrides/katex-font-preload.ts'],
    }),
    svelte(),
    // `client:cell`: a runnable cell hydrates when it nears the view (src/components/cell/hydrate-cell.ts).
    cellDirective(),
    // Starlight's own sitemap (it adds none when one is configured), less the
    // embed pages: one element each, for iframes, not for search engines.
    sitemap({ filter: (page) => !new URL(page).pathname.startsWith(`${base.replace(/\/?$/, '/')}embed/`) }),
    // Every anchor in scripts/anchors/anchors.json must still be published.
    anchorCheck(),
    // After the pages are finished (it hashes their inline scripts), before the
    // service worker's manifest (which hashes the pages it precaches).
    contentSecurityPolicy(),
    // Last, so that the service worker's precache lists the whole built site (see README, "Offline").
    offline(),
  ],
  markdown: {
    remarkPlugins: [remarkMath, remarkHeadingId, [remarkBaseLinks, { base }]],
    rehypePlugins: [rehypeKatex, rehypeFocusableMath],
  },
  vite: {
    worker: { format: 'es' },
    optimizeDeps: { exclude: ['@tensorflow/tfjs-backend-wasm'] },
    // Starlight's table of contents, without its query over the whole page (scripts/light-toc.mjs).
    plugins: [lightToc()],
  },
});

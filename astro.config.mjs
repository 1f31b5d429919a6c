// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import svelte from '@astrojs/svelte';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import remarkHeadingId from 'remark-custom-heading-id';
import contentSecurityPolicy from './scripts/content-security-policy.mjs';
import rehypeFocusableMath from './scripts/rehype-focusable-math.mjs';

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
      pagination: true,
    }),
    svelte(),
    // Last, so that it hashes the inline scripts of the finished pages.
    contentSecurityPolicy(),
  ],
  markdown: {
    remarkPlugins: [remarkMath, remarkHeadingId],
    rehypePlugins: [rehypeKatex, rehypeFocusableMath],
  },
  vite: {
    worker: { format: 'es' },
    optimizeDeps: { exclude: ['@tensorflow/tfjs-backend-wasm'] },
  },
});

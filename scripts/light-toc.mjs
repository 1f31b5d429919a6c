// @ts-check
// A Vite plugin that swaps Starlight's table-of-contents script
// (@astrojs/starlight/components/TableOfContents/starlight-toc.ts) for
// src/components/overrides/starlight-toc.ts, which marks the current section
// the same way without a query over the whole page (see that file). Starlight's
// markup and styles are kept; only the module changes. The build fails if
// Starlight no longer has the module, so an upgrade cannot drop the swap unseen.
import { fileURLToPath } from 'node:url';

const STARLIGHT_TOC = /[\\/]@astrojs[\\/]starlight[\\/]components[\\/]TableOfContents[\\/]starlight-toc(\.ts)?$/;
const LIGHT_TOC = fileURLToPath(new URL('../src/components/overrides/starlight-toc.ts', import.meta.url));

/** @returns {import('vite').Plugin} */
export function lightToc() {
  let swapped = 0;
  let clientBuild = false;
  return {
    name: 'light-toc',
    enforce: 'pre',
    configResolved(config) {
      // Only the client build bundles the script; the server build and the dev server may never import it.
      clientBuild = config.command === 'build' && !config.build.ssr;
    },
    async resolveId(source, importer, options) {
      if (!source.includes('starlight-toc') || importer === LIGHT_TOC) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || !STARLIGHT_TOC.test(resolved.id.split('?')[0] ?? '')) return null;
      swapped += 1;
      return LIGHT_TOC;
    },
    buildEnd() {
      if (clientBuild && swapped === 0) {
        this.error('light-toc: Starlight’s TableOfContents/starlight-toc module was not imported; check the swap still applies');
      }
    },
  };
}

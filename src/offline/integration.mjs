// @ts-check
// Offline reading for built sites: registers the service worker on every page
// and, once the site is written, generates `sw.js` with its precache manifest.
// Dev servers get neither (`astro dev` serves no sw.js and needs fresh files).
import { fileURLToPath } from 'node:url';
import { writeServiceWorker } from './precache.mjs';

/** @returns {import('astro').AstroIntegration} */
export default function offline() {
  return {
    name: 'cnn-guide-offline',
    hooks: {
      'astro:config:setup': ({ command, injectScript }) => {
        if (command !== 'build') return;
        const register = fileURLToPath(new URL('./register.ts', import.meta.url));
        injectScript('page', `import ${JSON.stringify(register)};`);
      },
      // Runs after Starlight's (listed before this one), so Pagefind's search index is in the manifest.
      'astro:build:done': ({ dir, logger }) => {
        const { version, entries, bytes } = writeServiceWorker(fileURLToPath(dir));
        logger.info(`sw.js: ${entries.length} files to precache, ${(bytes / 1e6).toFixed(2)} MB, version ${version}`);
      },
    },
  };
}

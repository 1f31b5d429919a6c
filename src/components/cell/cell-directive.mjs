// @ts-check
// Registers `client:cell` (hydrate-cell.ts) with Astro; astro.config.mjs adds this integration.
import { fileURLToPath } from 'node:url';

/** @returns {import('astro').AstroIntegration} */
export default function cellDirective() {
  return {
    name: 'cell-directive',
    hooks: {
      'astro:config:setup': ({ addClientDirective }) => {
        addClientDirective({ name: 'cell', entrypoint: fileURLToPath(new URL('./hydrate-cell.ts', import.meta.url)) });
      },
    },
  };
}

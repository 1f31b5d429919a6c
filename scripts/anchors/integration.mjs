// @ts-check
// An Astro integration: after every build, the committed anchors must all
// still be published (see anchors.mjs). ANCHORS_UPDATE=1 rewrites the list instead.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkBuild, LIST_PATH, serializeList } from './anchors.mjs';

/** @returns {import('astro').AstroIntegration} */
export function anchorCheck() {
  return {
    name: 'anchor-check',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const result = checkBuild(fileURLToPath(dir));
        if (process.env.ANCHORS_UPDATE === '1') {
          writeFileSync(LIST_PATH, serializeList(result.list));
          logger.info('anchor list rewritten from this build');
          return;
        }
        if (result.unlisted.length)
          logger.info(`${result.unlisted.length} new anchors not in the list yet (npm run anchors -- --update)`);
        if (!result.ok) {
          throw new Error(
            `Published anchors changed:\n${result.errors.join('\n')}\nKeep the id, add an alias in src/components/links/anchor-aliases.json, or update the list on purpose (npm run anchors -- --update).`,
          );
        }
        logger.info('every committed anchor is still published');
      },
    },
  };
}

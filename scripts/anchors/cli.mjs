#!/usr/bin/env node
// @ts-check
// npm run anchors [-- --dir dist] [-- --update]
// Checks the built site's anchors against scripts/anchors/anchors.json; with
// --update, rewrites the list from the build (after npm run build).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkBuild, LIST_PATH, serializeList } from './anchors.mjs';

const { values } = parseArgs({
  options: { dir: { type: 'string', default: 'dist' }, update: { type: 'boolean', default: false } },
});
const result = checkBuild(values.dir);
if (values.update) {
  writeFileSync(LIST_PATH, serializeList(result.list));
  const count = Object.values(result.list).reduce((n, p) => n + p.headings.length + p.cells.length + p.figures.length, 0);
  console.log(`anchors: wrote ${count} anchors of ${Object.keys(result.list).length} pages to scripts/anchors/anchors.json`);
  for (const e of result.errors.filter((e) => !e.startsWith('anchor gone'))) console.error(`anchors: ${e}`);
  process.exit(result.errors.some((e) => !e.startsWith('anchor gone')) ? 1 : 0);
}
for (const e of result.errors) console.error(`anchors: ${e}`);
if (result.unlisted.length)
  console.log(`anchors: ${result.unlisted.length} new anchors not in the list yet (npm run anchors -- --update adds them)`);
if (!result.ok) {
  console.error(
    'anchors: a published anchor disappeared. Keep its id, add an alias in src/components/links/anchor-aliases.json, or remove it from the list on purpose with npm run anchors -- --update.',
  );
  process.exit(1);
}
console.log('anchors: every committed anchor is still published');

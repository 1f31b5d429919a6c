#!/usr/bin/env node
// @ts-check
// Runs every training cell of the guide as shipped, on WebAssembly in
// Chromium, through the page's own Run button, and prints how long each took
// (the cell's own "Done in … s") and its last table. Not a test: a
// measurement for the chapters' notes and the landing page's training times.
// It finds the cells itself, in the built landing page: the syllabus marks
// each chapter with the ids of its training cells (data-training-cells).
// Needs a build:
//   npx astro build --outDir dist-learn && node bench/cell-times.mjs --dir dist-learn --port 4336
// With --write, it also writes the times for the syllabus (commit the file):
//   node bench/cell-times.mjs --dir dist-learn --write src/components/syllabus/cell-times.json
// With --only a,b it times those cells alone, and --write keeps the other cells' entries.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, type } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { findChromium } from '../scripts/find-chromium.mjs';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'dist' },
    port: { type: 'string', default: '4336' },
    only: { type: 'string' },
    write: { type: 'string' },
  },
});

/**
 * The training cells of each chapter, in reading order, as the built syllabus lists them.
 * @param {string} html the built landing page
 * @returns {[string, string[]][]} [page path, cell ids]
 */
function trainingCellsByPage(html) {
  /** @type {[string, string[]][]} */
  const pages = [];
  for (const [tag] of html.matchAll(/<li\b[^>]*\bdata-chapter="[^"]*"[^>]*>/g)) {
    const slug = tag.match(/data-chapter="([^"]*)"/)?.[1] ?? '';
    const ids = (tag.match(/data-training-cells="([^"]*)"/)?.[1] ?? '').split(/\s+/).filter(Boolean);
    if (ids.length > 0) pages.push([`${slug}/`, ids]);
  }
  return pages;
}

const landing = join(values.dir, 'index.html');
if (!existsSync(landing)) throw new Error(`No ${landing}: build the site first (npx astro build --outDir ${values.dir}).`);
const only = values.only?.split(',');
const pages = trainingCellsByPage(readFileSync(landing, 'utf8'))
  .map(([path, ids]) => /** @type {[string, string[]]} */ ([path, ids.filter((id) => !only || only.includes(id))]))
  .filter(([, ids]) => ids.length > 0);
if (pages.length === 0) throw new Error(`No training cells found in ${landing}${only ? ` among ${values.only}` : ''}.`);

const base = `http://127.0.0.1:${values.port}/`;
const server = spawn('node', ['scripts/serve-static.mjs', '--dir', values.dir, '--base', '/', '--port', values.port], {
  stdio: 'ignore',
});
await new Promise((resolve) => setTimeout(resolve, 1000));
const loadBefore = loadavg();
const browser = await chromium.launch({ executablePath: (await findChromium()) ?? undefined, args: ['--no-sandbox'] });
/** @type {Record<string, number>} */
const seconds = {};
const failed = [];
/** The backend as the cells' status line names it, with its threads: "WebAssembly (1 thread)". */
let backendInWords = '';
try {
  for (const [path, cells] of pages) {
    const page = await browser.newPage();
    await page.goto(`${base}${path}?backend=wasm`);
    for (const id of cells) {
      const cell = page.locator(`[data-cell="${id}"]`);
      // A click before the cell's island has hydrated does nothing.
      await cell.scrollIntoViewIfNeeded();
      await page
        .locator('astro-island:not([ssr])', { has: page.locator(`[data-cell="${id}"]`) })
        .first()
        .waitFor({ timeout: 60_000 });
      await cell.getByRole('button', { name: 'Run', exact: true }).click();
      await cell
        .locator('[data-state="done"], [data-state="error"]')
        .or(page.locator(`[data-cell="${id}"][data-state="done"], [data-cell="${id}"][data-state="error"]`))
        .first()
        .waitFor({ timeout: 600_000 });
      const status = (await cell.getByRole('status').textContent())?.trim() ?? '';
      const tables = await cell.locator('.cell-results table:not(.u-legend)').allInnerTexts();
      console.log(`${id}: ${status}\n  ${(tables.at(-1) ?? '').replace(/\n/g, ' | ')}`);
      const done = status.match(/Done in ([\d.]+) s/);
      if (done) seconds[id] = Number(done[1]);
      else failed.push(id);
      backendInWords ||= status.match(/Backend: (.+?)\.(?:\s|$)/)?.[1] ?? '';
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.kill();
}

if (values.write) {
  const previous = only && existsSync(values.write) ? JSON.parse(readFileSync(values.write, 'utf8')) : { seconds: {} };
  const round = (/** @type {number} */ x) => Math.round(x * 100) / 100;
  const file = {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'} (${type()}), Chromium ${browser.version()}${backendInWords ? `, ${backendInWords}` : ''}`,
    backend: 'wasm',
    loadAverage: { before: loadBefore.map(round), after: loadavg().map(round) },
    seconds: { ...previous.seconds, ...seconds },
  };
  writeFileSync(values.write, `${JSON.stringify(file, null, 2)}\n`);
  console.log(`Wrote ${Object.keys(seconds).length} times to ${values.write}.`);
}
if (failed.length > 0) {
  console.error(`No time for ${failed.join(', ')}: the cell ended in an error.`);
  process.exitCode = 1;
}

#!/usr/bin/env node
// Runs every cell of the training chapters as shipped, on WebAssembly in
// Chromium, through the page's own Run button, and prints how long each took
// (the cell's own "Done in … s") and its last table. Not a test: a
// measurement for the chapters' notes. Needs a build:
//   npx astro build --outDir dist-learn && node bench/cell-times.mjs --dir dist-learn --port 4336
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { findChromium } from '../scripts/find-chromium.mjs';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'dist' },
    port: { type: 'string', default: '4336' },
    only: { type: 'string' },
  },
});
const PAGES = {
  'guide/how-cnns-learn/': ['training-loop', 'learn-edge-kernel'],
  'guide/regularisation/': ['overfitting', 'batchnorm-modes', 'augmentation'],
  'guide/training-recipe/': ['lr-range-test', 'batchnorm-high-lr'],
  'guide/residual-networks/': ['plain-vs-residual'],
  'guide/efficient-convolutions/': ['separable-vs-standard'],
  'guide/conv1d-and-conv3d/': ['classify-waveforms'],
  'guide/what-is-the-network-looking-at/': [
    'load-pretrained-simplecnn',
    'cam-right-and-wrong',
    'four-methods',
    'retrain-simplecnn-quick',
  ],
  'guide/learning-the-background/': [
    'train-on-biased-scenes',
    'where-the-biased-model-looks',
    'train-on-balanced-scenes',
    'where-the-balanced-model-looks',
  ],
  'guide/transfer-learning/': ['transfer-learning'],
};
const base = `http://127.0.0.1:${values.port}/`;
const server = spawn('node', ['scripts/serve-static.mjs', '--dir', values.dir, '--base', '/', '--port', values.port], {
  stdio: 'ignore',
});
await new Promise((resolve) => setTimeout(resolve, 1000));
const browser = await chromium.launch({ executablePath: (await findChromium()) ?? undefined, args: ['--no-sandbox'] });
try {
  for (const [path, cells] of Object.entries(PAGES)) {
    const page = await browser.newPage();
    await page.goto(`${base}${path}?backend=wasm`);
    for (const id of cells) {
      if (values.only && !values.only.split(',').includes(id)) continue;
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
      const status = await cell.getByRole('status').textContent();
      const tables = await cell.locator('.cell-results table:not(.u-legend)').allInnerTexts();
      console.log(`${id}: ${status?.trim()}\n  ${(tables.at(-1) ?? '').replace(/\n/g, ' | ')}`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.kill();
}

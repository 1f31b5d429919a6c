// @ts-check
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
const out = '/work/notes/shots-ownimage';
const port = 4337;
const server = spawn('node', ['scripts/serve-static.mjs', '--dir', 'dist-ownimage', '--base', '/', '--port', String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const url = `http://127.0.0.1:${port}/guide/what-is-the-network-looking-at/?backend=wasm`;
const png = 'tests/fixtures/own-image/sneaker-on-white.png';
try {
  for (const theme of ['light', 'dark']) {
    for (const [name, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      await context.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
      const page = await context.newPage();
      await page.goto(url);
      const run = async (id) => {
        const c = page.locator(`[data-cell="${id}"]`);
        await c.scrollIntoViewIfNeeded();
        await page.waitForSelector(`astro-island:not([ssr]) [data-cell="${id}"]`);
        await c.getByRole('button', { name: 'Run', exact: true }).click();
        return c;
      };
      const load = await run('load-pretrained-simplecnn');
      await load.locator('[data-state="done"]').or(page.locator('[data-cell="load-pretrained-simplecnn"][data-state="done"]')).waitFor({ timeout: 120000 });
      const own = await run('explain-your-own-image');
      const zone = own.getByTestId('input-zone');
      await zone.waitFor({ timeout: 60000 });
      await zone.locator('input[type="file"]').setInputFiles('tests/fixtures/own-image/not-an-image.txt');
      await zone.getByRole('alert').waitFor();
      await own.locator('.cell-results').screenshot({ path: `${out}/own-image-waiting-${name}-${theme}.png` });
      await zone.locator('input[type="file"]').setInputFiles(png);
      await page.locator('[data-cell="explain-your-own-image"][data-state="done"]').waitFor({ timeout: 60000 });
      await own.screenshot({ path: `${out}/own-image-done-${name}-${theme}.png` });
      const save = await run('save-model');
      await page.locator('[data-cell="save-model"][data-state="done"]').waitFor({ timeout: 60000 });
      await save.screenshot({ path: `${out}/save-model-${name}-${theme}.png` });
      const loadm = await run('load-model');
      const z2 = loadm.getByTestId('input-zone');
      await z2.waitFor({ timeout: 60000 });
      await z2.locator('input[type="file"]').setInputFiles('tests/fixtures/own-image/not-an-image.txt');
      await z2.getByRole('alert').waitFor({ timeout: 60000 });
      await loadm.screenshot({ path: `${out}/load-model-refused-${name}-${theme}.png` });
      const sw = await page.evaluate(() => document.documentElement.scrollWidth);
      console.log(theme, name, 'scrollWidth', sw);
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.kill();
}

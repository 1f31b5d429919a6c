#!/usr/bin/env node
// @ts-check
// Screenshots of built pages in light and dark themes, on a desktop and a
// 390 px phone, to look at before calling a page done.
//
//   npm run build && node scripts/screenshots.mjs [--out /tmp/shots] [--run] [page ...]
//
// Pages are paths under the site root (default: the home page and every
// chapter in dist/guide). --run also presses Run on the first cell of each
// page and waits for it to finish before the shot, so outputs are visible.
import { mkdirSync, readdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { findChromium } from '/work/wt-effconv/scripts/find-chromium.mjs';

const { values, positionals } = parseArgs({
  options: { out: { type: 'string', default: '/tmp/shots' }, run: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const pages = positionals.length
  ? positionals
  : [
      '',
      ...readdirSync('dist/guide', { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => `guide/${d.name}/`),
    ];
mkdirSync(values.out, { recursive: true });

const port = 4333;
const server = spawn('node', ['scripts/serve-static.mjs', '--dir', 'dist-effconv', '--base', '/', '--port', String(port)], {
  stdio: 'ignore',
});
await new Promise((resolve) => setTimeout(resolve, 500));
const browser = await chromium.launch({
  executablePath: (await findChromium()) ?? undefined,
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
    '--enable-unsafe-webgpu',
  ],
});
try {
  for (const path of pages) {
    /** @type {[string, { width: number; height: number }][]} */
    const devices = [
      ['desktop', { width: 1280, height: 900 }],
      ['phone', { width: 390, height: 844 }],
    ];
    for (const [device, viewport] of devices) {
      for (const theme of /** @type {const} */ (['light', 'dark'])) {
        const context = await browser.newContext({ viewport, deviceScaleFactor: 1, colorScheme: theme });
        await context.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
        const page = await context.newPage();
        await page.goto(`http://127.0.0.1:${port}/${path}`);
        if (values.run) {
          const cell = page.locator('[data-cell]').first();
          if (await cell.count()) {
            await cell.getByRole('button', { name: 'Run', exact: true }).click();
            await cell
              .locator('[data-state="done"], [data-state="error"]')
              .or(page.locator('[data-cell][data-state="done"]'))
              .first()
              .waitFor({ timeout: 300_000 });
          }
        }
        const name = `${path.replace(/\/$/, '').replace(/\//g, '_') || 'home'}-${device}-${theme}.png`;
        await page.screenshot({ path: `${values.out}/${name}`, fullPage: true });
        console.log(`${values.out}/${name}`);
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  server.kill();
}

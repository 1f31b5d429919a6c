// Runs the first chapter's cell with edited constants through a share link, on WASM in Chromium.
// node /work/scratch/tta-variants.mjs DIR PORT "EPOCHS=2,BATCH_SIZE=32" ...
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
const [dir, port, ...variants] = process.argv.slice(2);
const source = readFileSync('/work/main/src/cells/train-simplecnn.ts', 'utf8');
const server = spawn('node', ['/work/main/scripts/serve-static.mjs', '--dir', dir, '--base', '/', '--port', port], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const variant of variants) {
  let code = source;
  for (const kv of variant.split(',').filter(Boolean)) {
    const [k, v] = kv.split('=');
    const re = new RegExp(`const ${k} = [^;]+;`);
    if (!re.test(code)) throw new Error(`no ${k}`);
    code = code.replace(re, `const ${k} = ${v};`);
  }
  const payload = deflateRawSync(Buffer.from(code)).toString('base64url');
  const page = await browser.newPage();
  const url = variant ? `http://127.0.0.1:${port}/guide/train-your-first-cnn/?backend=wasm#code/train-simplecnn/${payload}` : `http://127.0.0.1:${port}/guide/train-your-first-cnn/?backend=wasm`;
  await page.goto(url);
  const cell = page.locator('[data-cell="train-simplecnn"]');
  await cell.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => !document.querySelector('[data-cell="train-simplecnn"]')?.closest('astro-island')?.hasAttribute('ssr'));
  const t0 = Date.now();
  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('[data-cell="train-simplecnn"]')?.getAttribute('data-state') ?? ''), null, { timeout: 900000, polling: 100 });
  const seconds = (Date.now() - t0) / 1000;
  const results = await cell.locator('.cell-results').innerText();
  const acc = /Test accuracy: ([\d.]+)%/.exec(results)?.[1];
  const epochs = results.split('\n').filter((l) => /^Epoch/.test(l)).join(' | ');
  console.log(`${variant || 'shipped'}: ${seconds.toFixed(1)} s, test accuracy ${acc}%  [${epochs.slice(0, 300)}]`);
  await page.close();
}
await browser.close();
server.kill();

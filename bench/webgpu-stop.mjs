#!/usr/bin/env node
// Stop on WebGPU: how long after Stop the page answers a click (the cell's
// Edit button), and the training throughput before Stop. Runs the shipped
// SimpleCNN cell on WebGPU (SwiftShader here), stops it after --after seconds
// of training, and times Stop -> a successful click on Edit. Not a test: the
// numbers behind the README's "What happens when…" row. Needs a build:
//   npx astro build --outDir dist-x && node bench/webgpu-stop.mjs --dir dist-x --port 4365
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { findChromium } from '../scripts/find-chromium.mjs';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'dist' },
    port: { type: 'string', default: '4365' },
    after: { type: 'string', default: '15' },
    runs: { type: 'string', default: '1' },
    // 'tiny': a small model edited into the cell, whose shaders compile fast on SwiftShader.
    cell: { type: 'string', default: 'tiny' },
  },
});
const TINY = `import { nn, buildModel, loadFashionMnist, toTensors, train } from 'cnn-guide';
const data = await loadFashionMnist({ train: 512, test: 64 });
const spec = nn.Sequential(nn.Conv2d(1, 8, 3, { padding: 1 }), nn.ReLU(), nn.MaxPool2d(2),
  nn.Conv2d(8, 16, 3, { padding: 1 }), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(784, 10));
const model = buildModel(spec, [1, 28, 28]);
await train(model, toTensors(data.train), null, { epochs: 200, batchSize: 32, learningRate: 0.003 });
`;
const base = `http://127.0.0.1:${values.port}/`;
const server = spawn('node', ['scripts/serve-static.mjs', '--dir', values.dir, '--base', '/', '--port', values.port], {
  stdio: 'ignore',
});
await new Promise((resolve) => setTimeout(resolve, 1000));
const browser = await chromium.launch({
  executablePath: (await findChromium()) ?? undefined,
  args: ['--no-sandbox', '--enable-unsafe-webgpu'],
});
const BATCH = /Epoch ([\d,]+)\/[\d,]+ · batch ([\d,]+)\/([\d,]+)/;
const num = (s) => Number((s ?? 'NaN').replace(/,/g, ''));
/** Batches done since the start of the run, from "Epoch 2/3 · batch 5/125". */
const batchOf = (text) => {
  const m = BATCH.exec(text);
  return m ? (num(m[1]) - 1) * num(m[3]) + num(m[2]) : NaN;
};
const batchSize = values.cell === 'tiny' ? 32 : 64;
try {
  for (let run = 0; run < Number(values.runs); run++) {
    const page = await browser.newPage();
    await page.goto(`${base}guide/train-your-first-cnn/?backend=webgpu`);
    const cell = page.locator('[data-cell="train-simplecnn"]');
    await cell.scrollIntoViewIfNeeded();
    await page
      .locator('astro-island:not([ssr])', { has: page.locator('[data-cell="train-simplecnn"]') })
      .first()
      .waitFor({ timeout: 60_000 });
    if (values.cell === 'tiny') {
      await cell.getByRole('button', { name: 'Edit' }).click();
      await cell.locator('.cm-content').click();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(TINY);
    }
    await cell.getByRole('button', { name: 'Run', exact: true }).click();
    const latest = cell.getByTestId('cell-latest');
    // Past the first epoch: its shaders are compiled, so the window measures steady training.
    await latest.filter({ hasText: values.cell === 'tiny' ? /Epoch [2-9]/ : BATCH }).waitFor({ timeout: 300_000 });
    const first = { batch: batchOf(await latest.innerText()), at: Date.now() };
    await page.waitForTimeout(Number(values.after) * 1000);
    const text = await latest.innerText();
    const last = { batch: batchOf(text), at: Date.now() };
    const imagesPerSecond = ((last.batch - first.batch) * batchSize) / ((last.at - first.at) / 1000);
    const stopped = Date.now();
    await cell.getByRole('button', { name: 'Stop' }).click({ timeout: 300_000 });
    const stopClicked = Date.now();
    const idleAt = page
      .locator('[data-cell="train-simplecnn"][data-state="idle"]')
      .waitFor({ timeout: 300_000 })
      .then(() => Date.now());
    await cell.getByRole('button', { name: 'Edit' }).click({ timeout: 300_000 });
    const editClicked = Date.now();
    await cell.locator('.cm-content').waitFor({ timeout: 300_000 });
    const editorShown = Date.now();
    // A frame drawn: the page paints again (requestAnimationFrame waits for the compositor).
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
    const frame = Date.now();
    const idle = await idleAt;
    const status = await cell.getByRole('status').innerText();
    console.log(
      JSON.stringify({
        run,
        dir: values.dir,
        latest: text,
        imagesPerSecond: Math.round(imagesPerSecond * 10) / 10,
        stopClickMs: stopClicked - stopped,
        stopToIdleMs: idle - stopped,
        status,
        editorToFrameMs: frame - editorShown,
        stopToEditClickMs: editClicked - stopped,
        stopToEditorMs: editorShown - stopped,
      }),
    );
    await page.close();
  }
} finally {
  await browser.close();
  server.kill();
}

import { expect, test } from '@playwright/test';
import {
  CHAPTER,
  FEATURE_MAPS,
  FILTERS,
  TRAIN,
  cell,
  editCell,
  runCell,
  smallTrainingCode,
  statusOf,
  watchErrors,
} from './helpers.ts';

test('the chapter renders its prose, math and cells', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(CHAPTER);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Train your first CNN');
  const display = page.locator('.katex-display');
  expect(await display.count()).toBeGreaterThan(0);
  await expect(display.first().locator('.katex-html')).toBeVisible();
  await expect(page.locator('.katex-error')).toHaveCount(0);
  for (const id of [TRAIN, FILTERS, FEATURE_MAPS]) {
    const target = cell(page, id);
    await expect(target).toHaveAttribute('id', id);
    await expect(target).toHaveAttribute('data-state', 'idle');
    for (const name of ['Run', 'Stop', 'Edit', 'Reset']) {
      await expect(target.getByRole('button', { name, exact: true })).toBeVisible();
    }
    await expect(target.getByRole('status')).toBeVisible();
    // Highlighted at build time: coloured tokens, not plain text.
    expect(await target.locator('.cell-code pre span[style*="color"]').count()).toBeGreaterThan(10);
  }
  expect(errors).toEqual([]);
});

// This project's browser has WebGPU only on SwiftShader: the ladder passes it
// (and WebGL on SwiftShader) by for WASM, and says so.
test('on a software GPU the first cell trains on WebAssembly and says why', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(CHAPTER);
  await editCell(page, TRAIN, smallTrainingCode());
  const train = await runCell(page, TRAIN);
  const status = statusOf(page, TRAIN);
  // The test server sends COOP/COEP, so the threaded build runs and the status says on how many threads.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(status).toContainText(/Backend: WebAssembly \(\d+ threads?\)\./);
  await expect(status).toContainText(/WebGPU unavailable: its adapter is SwiftShader, a software renderer/);
  await expect(status).toContainText(/WebGL unavailable: its renderer is \w+, a software renderer/);
  await expect(train.locator('.cell-results')).toContainText(/Test accuracy: \d+(\.\d)?%/);
  expect(errors).toEqual([]);
});

test('?backend=webgpu trains on WebGPU even in software, then filters and feature maps show', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`${CHAPTER}?backend=webgpu`);
  await editCell(page, TRAIN, smallTrainingCode());
  const train = await runCell(page, TRAIN);
  await expect(statusOf(page, TRAIN)).toContainText('Backend: WebGPU.');
  await expect(train.locator('.cell-results')).toContainText(/Test accuracy: \d+(\.\d)?%/);
  await expect(train.locator('.cell-results progress')).toHaveCount(1);
  await expect(train.locator('.cell-results .uplot')).not.toHaveCount(0);

  const filters = await runCell(page, FILTERS);
  await expect(filters.locator('canvas[role="img"]')).toHaveCount(32);

  const maps = await runCell(page, FEATURE_MAPS);
  expect(await maps.locator('canvas[role="img"]').count()).toBeGreaterThan(32);
  await expect(maps.locator('.cell-results')).toContainText('[32, 28, 28]');
  expect(errors).toEqual([]);
});

test('a cell that needs the model says so and offers to run the cell that makes it', async ({ page }) => {
  await page.goto(CHAPTER);
  await editCell(page, TRAIN, smallTrainingCode());
  const filters = await runCell(page, FILTERS, 'error');
  const alert = filters.getByRole('alert');
  await expect(alert).toContainText('needs "model"');
  await alert.getByRole('button', { name: /Run “.+”, then this cell/ }).click();
  await expect(cell(page, TRAIN)).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
  await expect(filters).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(filters.locator('canvas[role="img"]')).toHaveCount(32);
});

test('an edited cell that throws shows its error and line; the other cells still run', async ({ page }) => {
  await page.goto(CHAPTER);
  await editCell(page, FILTERS, 'const answer = 42;\nthrow new Error(`no filters today (${answer})`);\n');
  const broken = await runCell(page, FILTERS, 'error');
  await expect(broken.getByRole('alert')).toContainText('no filters today (42)');
  await expect(broken.getByRole('alert')).toContainText('line 2');

  await editCell(page, FEATURE_MAPS, 'const x = ;\n');
  const syntax = await runCell(page, FEATURE_MAPS, 'error');
  await expect(syntax.getByRole('alert')).toContainText('SyntaxError');
  await expect(syntax.getByRole('alert')).toContainText('line 1');

  await editCell(page, TRAIN, smallTrainingCode());
  await runCell(page, TRAIN);

  // Reset brings the original code back, and it runs.
  await broken.getByRole('button', { name: 'Reset' }).click();
  await expect(broken.getByRole('alert')).toHaveCount(0);
  await runCell(page, FILTERS);
});

test('Stop ends a long run at once and the page keeps working', async ({ page }) => {
  await page.goto(CHAPTER);
  const train = cell(page, TRAIN);
  await train.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(statusOf(page, TRAIN)).toContainText('Backend: WebAssembly', { timeout: 60_000 });
  await expect(train.locator('.cell-results')).toContainText('Loaded', { timeout: 60_000 });
  await train.getByRole('button', { name: 'Stop' }).click();
  await expect(train).toHaveAttribute('data-state', 'idle', { timeout: 3_000 });
  await expect(statusOf(page, TRAIN)).toContainText('Stopped');
  // The page and the session still answer: another cell runs and reports plainly.
  const filters = await runCell(page, FILTERS, 'error', 60_000);
  await expect(filters.getByRole('alert')).toContainText('needs "model"');
});

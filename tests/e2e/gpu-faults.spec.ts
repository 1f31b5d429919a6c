// WebGPU faults a reader's browser brings about: the GPU device is lost under a
// run, and Stop while the GPU is busy. Chromium's WebGPU here is SwiftShader
// (software, slow), so `?backend=webgpu` forces it and runs stay tiny.
import { expect, test, type Page } from '@playwright/test';
import { CHAPTER, TRAIN, cell, editCell, runCell, smallTrainingCode, statusOf, watchErrors } from './helpers.ts';

/** The training cell, long enough on SwiftShader to be caught mid-run (it never needs to finish). */
function longTrainingCode(): string {
  return smallTrainingCode().replace(/const TRAIN_IMAGES = \d+;/, 'const TRAIN_IMAGES = 4000;');
}

/** Runs the training cell until its progress line shows a batch: the loop is submitting GPU work. */
async function startTraining(page: Page): Promise<void> {
  const train = cell(page, TRAIN);
  await train.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(statusOf(page, TRAIN)).toContainText('Backend: WebGPU.', { timeout: 60_000 });
  await expect(train.getByTestId('cell-latest')).toContainText(/batch \d+\/\d+/, { timeout: 60_000 });
}

test('the GPU device lost mid-run stops the run with a message, and the next Run falls back for good', async ({ page }) => {
  const errors = watchErrors(page);
  // ?test-hooks lets the test lose the device the way a driver reset would (device.destroy()).
  await page.goto(`${CHAPTER}?backend=webgpu&test-hooks`);
  await editCell(page, TRAIN, longTrainingCode());
  await startTraining(page);
  await page.evaluate(() => (window as unknown as { cellTestHooks: { loseGpuDevice(): void } }).cellTestHooks.loseGpuDevice());

  const train = cell(page, TRAIN);
  await expect(train).toHaveAttribute('data-state', 'error', { timeout: 15_000 });
  const alert = train.getByRole('alert');
  await expect(alert).toContainText('the GPU device was lost (destroyed');
  await expect(alert).toContainText('the next Run uses WebAssembly');
  const status = statusOf(page, TRAIN);
  await expect(status).toContainText('Backend: WebAssembly');
  await expect(status).toContainText('WebGPU unavailable: the GPU device was lost (destroyed');

  // The next Run trains on the next rung, and says why it is not on WebGPU.
  await editCell(page, TRAIN, smallTrainingCode());
  await runCell(page, TRAIN, 'done', 120_000);
  await expect(status).toContainText(/Backend: WebAssembly.*WebGPU unavailable: the GPU device was lost/);
  await expect(train.locator('.cell-results')).toContainText(/Test accuracy: \d+(\.\d)?%/);
  // The browser logs WebGPU's own warnings about the destroyed device; nothing else may fail.
  expect(errors.filter((e) => !/WebGPU|GPU|device/i.test(e))).toEqual([]);
});

test('after Stop on WebGPU the page answers a click at once, and the worker stopped by itself', async ({ page }) => {
  await page.goto(`${CHAPTER}?backend=webgpu`);
  await editCell(page, TRAIN, longTrainingCode());
  // Leave the editor, as a reader who pressed Run would see the cell.
  await startTraining(page);
  await page.waitForTimeout(3_000);
  const train = cell(page, TRAIN);
  const pressed = Date.now();
  await train.getByRole('button', { name: 'Stop' }).click();
  await train.getByRole('button', { name: 'Edit' }).click({ timeout: 3_000 });
  expect(Date.now() - pressed).toBeLessThan(3_000);
  await expect(train).toHaveAttribute('data-state', 'idle', { timeout: 3_000 });
  // Not "its worker was replaced": the loop heard Stop between steps, with no queue to drain first.
  await expect(statusOf(page, TRAIN)).toHaveText(/^Stopped\. Backend: WebGPU\./);
});

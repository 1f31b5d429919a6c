// WebGPU faults a reader's browser brings about: the GPU device is lost under a
// run, and Stop while the GPU is busy. Chromium's WebGPU here is SwiftShader
// (software, slow), so `?backend=webgpu` forces it and runs stay tiny.
import { expect, test, type Page } from '@playwright/test';
import { CHAPTER, TRAIN, cell, editCell, runCell, statusOf, watchErrors } from './helpers.ts';

/**
 * A model small enough for SwiftShader to compile and step in seconds, in the
 * training cell; `epochs` sets how long it would train if nothing stopped it.
 */
function tinyTraining(epochs: number): string {
  return `import { nn, buildModel, loadFashionMnist, toTensors, train, show } from 'cnn-guide';
const data = await loadFashionMnist({ train: 256, test: 64 });
const spec = nn.Sequential(nn.Conv2d(1, 4, 3, { padding: 1 }), nn.ReLU(), nn.MaxPool2d(4), nn.Flatten(), nn.Linear(196, 10));
const model = buildModel(spec, [1, 28, 28]);
await train(model, toTensors(data.train), null, { epochs: ${epochs}, batchSize: 32, learningRate: 0.01 });
show.log('trained for ${epochs} epochs');
`;
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
  await editCell(page, TRAIN, tinyTraining(500));
  await startTraining(page);
  await page.evaluate(() => (window as unknown as { cellTestHooks: { loseGpuDevice(): void } }).cellTestHooks.loseGpuDevice());

  const train = cell(page, TRAIN);
  // The loss reaches the worker once SwiftShader has run the step or two still queued.
  await expect(train).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  const alert = train.getByRole('alert');
  await expect(alert).toContainText('the GPU device was lost (destroyed');
  await expect(alert).toContainText('the next Run uses WebAssembly');
  const status = statusOf(page, TRAIN);
  await expect(status).toContainText('Backend: WebAssembly');
  await expect(status).toContainText('WebGPU unavailable: the GPU device was lost (destroyed');

  // The next Run trains on the next rung, and says why it is not on WebGPU.
  await editCell(page, TRAIN, tinyTraining(1));
  await runCell(page, TRAIN, 'done', 60_000);
  await expect(status).toContainText(/Backend: WebAssembly.*WebGPU unavailable: the GPU device was lost/);
  await expect(train.locator('.cell-results')).toContainText('trained for 1 epochs');
  // The browser logs WebGPU's own warnings about the destroyed device; nothing else may fail.
  expect(errors.filter((e) => !/WebGPU|GPU|device/i.test(e))).toEqual([]);
});

test('after Stop on WebGPU the page answers a click at once, and the worker stopped by itself', async ({ page }) => {
  await page.goto(`${CHAPTER}?backend=webgpu`);
  await editCell(page, TRAIN, tinyTraining(500));
  // Leave the editor, as a reader who pressed Run would see the cell.
  await startTraining(page);
  await page.waitForTimeout(3_000);
  const train = cell(page, TRAIN);
  const pressed = Date.now();
  await train.getByRole('button', { name: 'Stop' }).click();
  // Generous: on two busy cores a click alone can take a second; without the pacer it took up to half a minute.
  await train.getByRole('button', { name: 'Edit' }).click({ timeout: 5_000 });
  expect(Date.now() - pressed).toBeLessThan(5_000);
  await expect(train).toHaveAttribute('data-state', 'idle', { timeout: 3_000 });
  // Not "its worker was replaced": the loop heard Stop between steps, with no queue to drain first.
  await expect(statusOf(page, TRAIN)).toHaveText(/^Stopped\. Backend: WebGPU\./);
});

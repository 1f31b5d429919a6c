import { expect, test } from '@playwright/test';
import { CHAPTER, TRAIN, editCell, runCell, smallTrainingCode, statusOf } from './helpers.ts';

// This project's browser starts without --enable-unsafe-webgpu: no WebGPU adapter.
test('without WebGPU the cell falls back to WebGL and says why', async ({ page }) => {
  await page.goto(CHAPTER);
  await editCell(page, TRAIN, smallTrainingCode());
  await runCell(page, TRAIN);
  const status = statusOf(page, TRAIN);
  await expect(status).toContainText('Backend: WebGL');
  await expect(status).toContainText(/WebGPU unavailable: .+/);
});

// A reader can start the ladder lower down; WASM must train, with the engine's kernels.
test('?backend=wasm trains the first chapter\'s model on WebAssembly', async ({ page }) => {
  await page.goto(`${CHAPTER}?backend=wasm`);
  await editCell(page, TRAIN, smallTrainingCode());
  const train = await runCell(page, TRAIN);
  await expect(statusOf(page, TRAIN)).toContainText('Backend: WebAssembly');
  await expect(train.locator('.cell-results')).toContainText(/Test accuracy: \d+(\.\d)?%/);
});

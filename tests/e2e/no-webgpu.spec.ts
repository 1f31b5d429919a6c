import { expect, test } from '@playwright/test';
import { CHAPTER, TRAIN, editCell, runCell, smallTrainingCode, statusOf } from './helpers.ts';

// This project's browser starts without --enable-unsafe-webgpu: no WebGPU
// adapter, and WebGL only on a software renderer, so WASM trains.
test('without WebGPU or a hardware WebGL the cell trains on WebAssembly and says why', async ({ page }) => {
  await page.goto(CHAPTER);
  await editCell(page, TRAIN, smallTrainingCode());
  const train = await runCell(page, TRAIN);
  const status = statusOf(page, TRAIN);
  await expect(status).toContainText('Backend: WebAssembly');
  await expect(status).toContainText(/WebGPU unavailable: no WebGPU adapter/);
  await expect(status).toContainText(/WebGL unavailable: its renderer is \w+, a software renderer/);
  await expect(train.locator('.cell-results')).toContainText(/Test accuracy: \d+(\.\d)?%/);
});

// A reader can name a rung: ?backend=webgl uses WebGL even on a software renderer.
test("?backend=webgl trains the first chapter's model on WebGL", async ({ page }) => {
  await page.goto(`${CHAPTER}?backend=webgl`);
  await editCell(page, TRAIN, smallTrainingCode());
  const train = await runCell(page, TRAIN);
  await expect(statusOf(page, TRAIN)).toHaveText(/Backend: WebGL\./);
  await expect(statusOf(page, TRAIN)).not.toContainText('Fell back');
  await expect(train.locator('.cell-results')).toContainText(/Test accuracy: \d+(\.\d)?%/);
});

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

// The explanation chapter, on WebAssembly through the real UI: load the shipped
// model, run the CAM cell, and check that the overlays appear and that the
// opacity control works from the keyboard.
import { expect, test } from '@playwright/test';
import { cell, runCell, statusOf, watchErrors } from './helpers';

const PAGE = 'guide/what-is-the-network-looking-at/?backend=wasm';

test('CAM and Grad-CAM overlays appear, and their opacity follows the keyboard', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  await runCell(page, 'load-pretrained-simplecnn');
  await expect(cell(page, 'load-pretrained-simplecnn')).toContainText(/Test accuracy in this browser: \d+\.\d%/);
  console.log(`load-pretrained-simplecnn: ${await statusOf(page, 'load-pretrained-simplecnn').textContent()}`);

  const target = await runCell(page, 'cam-right-and-wrong');
  console.log(`cam-right-and-wrong: ${await statusOf(page, 'cam-right-and-wrong').textContent()}`);
  const grids = target.locator('figure.heatmaps');
  await expect(grids).toHaveCount(2);
  const first = grids.first();
  await expect(first.getByRole('img')).toHaveCount(9);
  await expect(first).toContainText('predicted:');
  await expect(first).toContainText('Grad-CAM for:');
  await expect(first).toContainText('CAM for:');

  const slider = first.getByRole('slider', { name: 'Heatmap opacity' });
  const picture = first.getByRole('img').first();
  await expect(picture).toHaveAttribute('aria-label', /at 60% opacity/);
  const before = await picture.evaluate((c) => (c as HTMLCanvasElement).toDataURL());
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(slider).toHaveValue('50');
  await expect(first.locator('.controls .value')).toHaveText('50%');
  await expect(slider).toHaveAttribute('aria-valuetext', '50%');
  await expect(picture).toHaveAttribute('aria-label', /at 50% opacity/);
  await page.keyboard.press('Home');
  await expect(slider).toHaveValue('0');
  const cleared = await picture.evaluate((c) => (c as HTMLCanvasElement).toDataURL());
  expect(cleared).not.toBe(before);
  // At 0% the overlay is the plain image: its pixels are gray.
  const gray = await picture.evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < data.length; i += 4) if (data[i] !== data[i + 1] || data[i + 1] !== data[i + 2]) return false;
    return true;
  });
  expect(gray).toBe(true);
  // The grid of overlays wraps on a phone instead of widening the page.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(errors).toEqual([]);
});

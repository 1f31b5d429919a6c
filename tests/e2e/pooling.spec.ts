import { expect, test } from '@playwright/test';
import { hydratedTestId, watchEngineRequests, watchErrors } from './helpers.ts';

const PAGE = 'guide/pooling/';

test('the chapter renders its prose, math and tables, without errors or engine downloads', async ({ page }) => {
  const errors = watchErrors(page);
  const engine = watchEngineRequests(page);
  await page.goto(PAGE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pooling');
  expect(await page.locator('.katex').count()).toBeGreaterThan(5);
  await expect(page.locator('.katex-error')).toHaveCount(0);
  const main = page.locator('main');
  await expect(main).toContainText('123,642,856');
  await expect(main).toContainText('513,000');
  await expect(main).toContainText('⌈(7 + 2·0 − 2)/2⌉ + 1 = 4');
  for (const id of ['pooling-windows', 'pooling-feature-map', 'pooling-gradient', 'pooling-shift'])
    await hydratedTestId(page, id);
  expect(errors).toEqual([]);
  expect(engine).toEqual([]);
});

test('the 4×4 figure shows each output window and the max winner', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const fig = await hydratedTestId(page, 'pooling-windows');
  const calc = fig.getByTestId('pooling-calc');
  const output = fig.getByTestId('pooling-output');
  await expect(calc).toHaveText('max(1, 3, 5, 6) = 6');
  await expect(fig.getByTestId('pooling-input').getByRole('cell', { name: /winner/ })).toHaveAccessibleName(/row 1, column 1: 6/);

  await output.getByRole('gridcell', { name: /row 1, column 1/ }).click();
  await expect(calc).toHaveText('max(9, 8, 7, 5) = 9');
  await expect(fig.getByTestId('pooling-live')).toContainText('the winner is input (2, 2).');
  await expect(fig.getByTestId('pooling-input').locator('.dim')).toHaveCount(12);

  await page.keyboard.press('ArrowLeft');
  await expect(output.getByRole('gridcell', { name: /row 1, column 0/ })).toBeFocused();
  await expect(calc).toHaveText('max(0, 2, 1, 3) = 3');

  await fig.getByTestId('pooling-op').selectOption('avg');
  await expect(calc).toHaveText('(0 + 2 + 1 + 3)/4 = 1.5');
  await expect(fig.getByTestId('pooling-input').getByRole('cell', { name: /winner/ })).toHaveCount(0);

  await fig.getByTestId('pooling-op').selectOption('gap');
  await expect(output.getByRole('gridcell')).toHaveCount(1);
  await expect(calc).toHaveText('mean of all 16 values = 57/16 = 3.5625');
  await expect(fig.getByTestId('pooling-input').locator('.dim')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the feature-map figure convolves, rectifies and pools a drawn image', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const fig = await hydratedTestId(page, 'pooling-feature-map');
  const live = fig.getByTestId('feature-live');
  await expect(live).toContainText('Max pooling 2×2 gives 12×12, 12 of its 144 values non-zero, largest 4.');
  await expect(fig.locator('canvas[role="img"]')).toHaveCount(4);
  // The image canvas is painted: white inside the square, black outside.
  const pixel = (x: number, y: number) =>
    fig
      .locator('canvas')
      .first()
      .evaluate((c: HTMLCanvasElement, [px, py]) => Array.from(c.getContext('2d')!.getImageData(px!, py!, 1, 1).data), [x, y]);
  expect(await pixel(12, 12)).toEqual([255, 255, 255, 255]);
  expect(await pixel(2, 2)).toEqual([0, 0, 0, 255]);

  await fig.getByTestId('feature-pool').selectOption('avg');
  await expect(live).toContainText('Average pooling 2×2 gives 12×12, 12 of its 144 values non-zero, largest 2.');
  await fig.getByTestId('feature-shape').selectOption('cross');
  await expect(live).toContainText('ReLU keeps the 44 positive ones.');
  await fig.getByTestId('feature-kernel').selectOption('horizontal');
  await expect(live).toContainText('horizontal-edge kernel');
  expect(errors).toEqual([]);
});

test('the gradient figure sends the gradient to winners or spreads it', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const fig = await hydratedTestId(page, 'pooling-gradient');
  const live = fig.getByTestId('gradient-live');
  const grad = fig.getByTestId('gradient-map');
  await expect(live).toContainText('reaches 4 of the 16 inputs, the winners; the other 12 get 0.');
  await expect(grad.locator('[data-value="1"]')).toHaveCount(4);

  await fig.getByTestId('gradient-window').selectOption('3x3');
  await expect(live).toContainText('reaches 1 of the 16 inputs');
  await expect(live).toContainText('One winner collects 4');
  await expect(grad.locator('[data-value="4"]')).toHaveCount(1);

  await fig.getByTestId('gradient-op').selectOption('avg');
  await expect(live).toContainText('the inputs get between 0.1111 and 0.4444, more where windows overlap');
  await fig.getByTestId('gradient-window').selectOption('2x2');
  await expect(live).toContainText('every input gets 0.25');

  await fig.getByTestId('gradient-op').selectOption('gap');
  await expect(fig.getByTestId('gradient-window')).toBeDisabled();
  await expect(live).toContainText('every input gets 0.0625. The gradients add up to 1.');
  expect(errors).toEqual([]);
});

test('the shift figure counts the pooled outputs a one-pixel shift changes', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const fig = await hydratedTestId(page, 'pooling-shift');
  const live = fig.getByTestId('shift-live');
  const changed = fig.getByTestId('shift-after').getByRole('cell', { name: /changed/ });
  await expect(live).toContainText('not shifted');
  await expect(fig.getByRole('button', { name: 'Reset' })).toBeDisabled();

  await fig.getByRole('button', { name: 'Shift right' }).click();
  await expect(live).toHaveText('Map shifted 1 pixel right: 12 of 64 input values changed, 3 of 16 max-pooled outputs changed.');
  await expect(changed).toHaveCount(3);

  await fig.getByRole('button', { name: 'Shift right' }).click();
  await expect(live).toContainText('shifted 2 pixels right');
  await expect(changed).toHaveCount(6);
  await expect(fig.getByRole('button', { name: 'Shift right' })).toBeDisabled();

  await fig.getByRole('button', { name: 'Reset' }).click();
  await expect(changed).toHaveCount(0);
  await fig.getByRole('button', { name: 'Shift down' }).focus();
  await page.keyboard.press('Enter');
  await expect(live).toContainText('Map shifted 1 pixel down');
  await expect(changed).toHaveCount(4);
  expect(errors).toEqual([]);
});

// "Why CNNs": prose and math render, and the two figures answer the reader.
import { expect, test } from '@playwright/test';
import { hydratedTestId, openWatched } from './helpers.ts';

const PAGE = 'guide/why-cnns/';

test('the chapter renders its prose, math, table and code', async ({ page }) => {
  const { errors, engine } = await openWatched(page, PAGE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Why CNNs');
  expect(await page.locator('.katex').count()).toBeGreaterThan(10);
  await expect(page.locator('.katex-display').first()).toBeVisible();
  await expect(page.locator('.katex-error')).toHaveCount(0);
  await expect(page.locator('#images-are-tensors')).toBeVisible();
  await expect(page.locator('main')).toContainText('= 150,528 numbers');
  const table = page.locator('main table');
  await expect(table).toContainText('1,792');
  await expect(table).toContainText('201,392,128');
  await expect(page.locator('main')).toContainText('count(dense)   # 150529000');
  expect(errors).toEqual([]);
  expect(engine).toEqual([]);
});

test('the parameter counter recomputes as sizes and widths change', async ({ page }) => {
  const { errors, engine } = await openWatched(page, PAGE);
  const fig = await hydratedTestId(page, 'parameter-explosion');
  const dense = fig.getByTestId('params-dense-total');
  const conv = fig.getByTestId('params-conv-total');
  await expect(dense).toHaveText('150,529,000');
  await expect(conv).toHaveText('1,792');
  await expect(fig.getByTestId('explosion-sentence')).toContainText(
    '84,001 times fewer, and uses each weight at 50,176 positions',
  );

  await fig.getByTestId('image-size').selectOption('mnist');
  await expect(dense).toHaveText('785,000');
  await expect(conv).toHaveText('640');

  await fig.getByTestId('hidden-units').fill('10');
  await expect(dense).toHaveText('7,850');
  // Keyboard: the arrow keys step a number field.
  await fig.getByTestId('hidden-units').press('ArrowUp');
  await expect(dense).toHaveText('8,635');
  await fig.getByTestId('conv-filters').fill('32');
  await expect(conv).toHaveText('320');

  await fig.getByTestId('image-size').selectOption('custom');
  await fig.getByTestId('custom-height').fill('100');
  await fig.getByTestId('custom-width').fill('50');
  await fig.getByTestId('custom-channels').fill('2');
  await expect(dense).toHaveText('110,011'); // 2·100·50·11 + 11
  await expect(conv).toHaveText('608'); // 32·(2·9 + 1)
  await expect(fig.getByTestId('explosion-sentence')).toContainText('from a 100 × 50 × 2 image (10,000 inputs) to 11 units');

  await fig.getByTestId('hidden-units').fill('0');
  await expect(fig.getByTestId('explosion-error')).toHaveText(
    'Dense units: “0” is below 1, the least this figure takes; it uses 1.',
  );
  await fig.getByTestId('hidden-units').fill('5');
  await expect(fig.getByTestId('explosion-error')).toHaveText('');
  expect(errors).toEqual([]);
  expect(engine).toEqual([]);
});

test('the pixel shuffle keeps every value and draws a new order on demand', async ({ page }) => {
  const { errors, engine } = await openWatched(page, PAGE);
  const fig = await hydratedTestId(page, 'pixel-shuffle');
  const sentence = fig.getByTestId('shuffle-sentence');
  await expect(sentence).toContainText('Permutation 1: the same 4,096 pixel values in another order');
  const before = await sentence.textContent();
  // Same multiset of gray levels in both canvases: a shuffle, not a new image.
  const sorted = await fig.locator('canvas').evaluateAll((canvases) =>
    canvases.map((c) => {
      const canvas = c as HTMLCanvasElement;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      return Array.from(data.filter((_, i) => i % 4 === 0))
        .sort((a, b) => a - b)
        .join(',');
    }),
  );
  expect(sorted).toHaveLength(2);
  expect(sorted[0]).toBe(sorted[1]);
  await fig.getByRole('button', { name: 'New permutation' }).click();
  await expect(sentence).toContainText('Permutation 2:');
  expect(await sentence.textContent()).not.toBe(before);
  expect(errors).toEqual([]);
  expect(engine).toEqual([]);
});

test('nothing is wider than a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  const { errors } = await openWatched(page, PAGE);
  for (const id of ['parameter-explosion', 'pixel-shuffle']) await hydratedTestId(page, id);
  await expect(page.getByTestId('shuffle-sentence')).toContainText('Permutation 1');
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  expect(errors).toEqual([]);
});

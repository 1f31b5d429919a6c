// "Convolution": prose and math render; the stepper, the kernel playground
// and the channel counter answer mouse, keyboard and control changes.
import { expect, test, type Locator } from '@playwright/test';
import { hydratedTestId, openWatched } from './helpers.ts';

const PAGE = 'guide/convolution/';

/** Pixels of the response canvas that are clearly red, and clearly blue. */
async function redAndBlue(canvas: Locator): Promise<{ red: number; blue: number }> {
  return canvas.evaluate((c) => {
    const el = c as HTMLCanvasElement;
    const { data } = el.getContext('2d')!.getImageData(0, 0, el.width, el.height);
    let red = 0;
    let blue = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i]! > data[i + 2]! + 40) red++;
      if (data[i + 2]! > data[i]! + 40) blue++;
    }
    return { red, blue };
  });
}

test('the chapter renders its prose, math and code', async ({ page }) => {
  const { errors, engine } = await openWatched(page, PAGE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Convolution');
  expect(await page.locator('.katex').count()).toBeGreaterThan(10);
  await expect(page.locator('.katex-display').first()).toBeVisible();
  await expect(page.locator('.katex-error')).toHaveCount(0);
  const main = page.locator('main');
  await expect(main).toContainText('# tensor([[[[4., 3., 4.],');
  await expect(main).toContainText('torch.Size([64, 3, 3, 3])');
  await expect(main).toContainText('= 1,792; a layer deeper in');
  expect(errors).toEqual([]);
  expect(engine).toEqual([]);
});

test('the stepper follows Previous/Next, the arrow keys and the pointer', async ({ page }) => {
  const { errors, engine } = await openWatched(page, PAGE);
  const fig = await hydratedTestId(page, 'conv-stepper');
  const sentence = fig.getByTestId('stepper-sentence');
  await expect(sentence).toHaveText(
    'Output[0, 0] = 4: the sum of 9 products of the window at rows 0–2, columns 0–2 with the kernel.',
  );
  await expect(fig.getByTestId('stepper-products')).toHaveText(
    'y[0, 0] = 1·1 + 1·0 + 1·1 + 0·0 + 1·1 + 1·0 + 0·1 + 0·0 + 1·1 = 4',
  );
  await expect(fig.getByTestId('stepper-input').locator('.in-window')).toHaveCount(9);
  await expect(fig.getByRole('button', { name: 'Previous' })).toBeDisabled();

  await fig.getByRole('button', { name: 'Next' }).click();
  await expect(sentence).toContainText('Output[0, 1] = 3: the sum of 9 products of the window at rows 0–2, columns 1–3');
  await expect(fig.getByTestId('stepper-position')).toHaveText('Output 2 of 9');

  const output = fig.getByTestId('stepper-output');
  await output.getByRole('gridcell', { name: 'output row 0, column 1: 3' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(sentence).toContainText('Output[1, 1] = 4');
  await expect(output.getByRole('gridcell', { name: 'output row 1, column 1: 4' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(sentence).toContainText('Output[1, 2] = 3: the sum of 9 products of the window at rows 1–3, columns 2–4');
  const window = fig.getByTestId('stepper-input').locator('.in-window');
  await expect(window.first()).toHaveAttribute('data-row', '1');
  await expect(window.first()).toHaveAttribute('data-col', '2');

  await output.getByRole('gridcell', { name: 'output row 2, column 0: 2' }).hover();
  await expect(sentence).toContainText('Output[2, 0] = 2');
  await fig.getByRole('button', { name: 'Previous' }).click();
  await expect(sentence).toContainText('Output[1, 2] = 3');
  expect(errors).toEqual([]);
  expect(engine).toEqual([]);
});

test('the kernel playground filters the photos with presets and typed weights', async ({ page }) => {
  const { errors, engine } = await openWatched(page, PAGE);
  const fig = await hydratedTestId(page, 'kernel-playground');
  const response = fig.getByTestId('kernel-response');
  // PyTorch gives −1.3059 and 1.1765 for this kernel on chelsea.png.
  await expect(response).toHaveAttribute(
    'aria-label',
    /^Horizontal edge \(Prewitt\) kernel applied to Chelsea the cat: a 254 × 168 response from −1\.31 to 1\.18/,
  );
  await expect(fig.getByTestId('kernel-reads')).toContainText('Red where brightness increases downward');
  const edge = await redAndBlue(response);
  expect(edge.red).toBeGreaterThan(100);
  expect(edge.blue).toBeGreaterThan(100);

  const preset = fig.getByTestId('kernel-preset');
  await preset.selectOption('box-blur');
  await expect(fig.getByRole('textbox', { name: 'Weight row 0, column 0' })).toHaveValue('0.111');
  await expect(response).toHaveAttribute('aria-label', /^Box blur kernel/);
  const blur = await redAndBlue(response);
  expect(blur.blue).toBe(0);
  expect(blur.red).toBeGreaterThan(1000);

  await preset.selectOption('sharpen');
  const centre = fig.getByRole('textbox', { name: 'Weight row 1, column 1' });
  await centre.fill('4');
  await expect(preset).toHaveValue('custom');
  await expect(fig.getByTestId('kernel-reads')).toContainText('Your weights sum to 0');
  await centre.press('ArrowUp');
  await expect(centre).toHaveValue('5');
  await expect(preset).toHaveValue('sharpen');

  await fig.getByRole('combobox', { name: 'Photo' }).selectOption('camera');
  await expect(response).toHaveAttribute('aria-label', /^Sharpen kernel applied to The cameraman: a 254 × 254 response/);
  expect(errors).toEqual([]);
  expect(engine).toEqual([]);
});

test('the channel counter follows its sliders', async ({ page }) => {
  const { errors, engine } = await openWatched(page, PAGE);
  const fig = await hydratedTestId(page, 'channel-params');
  const conv = fig.getByTestId('params-conv-total');
  const dense = fig.getByTestId('params-dense-total');
  await expect(conv).toHaveText('1,792');
  await expect(dense).toHaveText('201,392,128');

  await fig.getByTestId('c-in').focus();
  await page.keyboard.press('ArrowRight');
  await expect(fig.getByTestId('c-in-value')).toHaveText('4');
  await expect(conv).toHaveText('2,368'); // 64·(4·9 + 1)
  await fig.getByTestId('kernel-size').focus();
  await page.keyboard.press('End');
  await expect(fig.getByTestId('kernel-size-value')).toHaveText('7 × 7');
  await expect(conv).toHaveText('12,608'); // 64·(4·49 + 1)
  await fig.getByTestId('c-out').fill('8'); // slider position 8: 128 channels
  await expect(fig.getByTestId('c-out-value')).toHaveText('128');
  await expect(conv).toHaveText('25,216');

  await fig.getByTestId('image-side').selectOption('224');
  await expect(conv).toHaveText('25,216');
  await expect(dense).toHaveText('1,289,033,482,240'); // 4·224² · 128·224² + 128·224²
  await expect(fig.getByTestId('channel-sentence')).toContainText(
    '128 filters of 4 × 7 × 7 weights plus a bias each: 25,216 parameters',
  );
  expect(errors).toEqual([]);
  expect(engine).toEqual([]);
});

test('nothing is wider than a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  const { errors } = await openWatched(page, PAGE);
  for (const id of ['conv-stepper', 'kernel-playground', 'channel-params']) await hydratedTestId(page, id);
  await expect(page.getByTestId('kernel-response')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  expect(errors).toEqual([]);
});

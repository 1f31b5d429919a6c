// The Architecture chapter: the classic CNN's table and shape flow, and the
// receptive-field calculator answering mouse and keyboard.
import { expect, test } from '@playwright/test';
import { hydratedTestId, watchEngineRequests, watchErrors } from './helpers.ts';

const PAGE = 'guide/architecture/';

test('the chapter renders the classic CNN, its math and figures, without the engine', async ({ page }) => {
  const errors = watchErrors(page);
  const engine = watchEngineRequests(page);
  await page.goto(PAGE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Architecture');
  expect(await page.locator('.katex').count()).toBeGreaterThan(5);
  await expect(page.locator('.katex-error')).toHaveCount(0);
  for (const id of [
    'block',
    'classic-cnn',
    'shape-flow',
    'channels-up-space-down',
    'backbone-and-head',
    'receptive-field',
    'hierarchy',
  ]) {
    await expect(page.locator(`#${id}`)).toBeAttached();
  }
  const table = page.locator('.architecture-table table');
  await expect(table.locator('tfoot')).toContainText('620,362');
  await expect(table.locator('tbody tr')).toHaveCount(14);
  await expect(table).toContainText('[B, 2048]');
  await expect(table.locator('tbody tr').nth(1)).toContainText('Conv2d(3, 32, kernel_size=3)');
  await expect(page.locator('pre').filter({ hasText: 'nn.AdaptiveAvgPool2d((4, 4))' }).first()).toBeVisible();
  await page.setViewportSize({ width: 390, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(errors).toEqual([]);
  expect(engine).toEqual([]);
});

test('the shape flow shows a stage on click and on arrow keys', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const fig = await hydratedTestId(page, 'architecture-flow');
  const alt = fig.getByTestId('flow-alt');
  await expect(alt).toHaveText('Stage 2 of 10, Conv2d + ReLU: 32 channels of 30 × 30 (28,800 values per image), 896 parameters.');
  await fig.getByTestId('flow-stage-9').click();
  await expect(fig.getByTestId('flow-stage-9')).toHaveAttribute('aria-pressed', 'true');
  await expect(fig.getByTestId('flow-details')).toContainText('size: 128 · 4 · 4 = 2,048');
  await page.keyboard.press('ArrowRight');
  await expect(fig.getByTestId('flow-stage-10-11')).toBeFocused();
  await expect(alt).toContainText('Linear + ReLU: a vector of 256 numbers');
  await expect(fig.getByTestId('flow-details')).toContainText('parameters: 256·2048 + 256 = 524544');
  await page.keyboard.press('Home');
  await expect(alt).toContainText('Stage 1 of 10, Input: 3 channels of 32 × 32');
  expect(errors).toEqual([]);
});

test('the receptive-field calculator follows the reader’s stack', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const fig = await hydratedTestId(page, 'rf-calculator');
  const rfs = fig.getByTestId('rf-value');
  await expect(rfs).toHaveText(['3', '4', '8', '10', '18']);
  await expect(fig.getByTestId('rf-jump')).toHaveText(['1', '2', '2', '4', '4']);
  await expect(fig.getByTestId('rf-out')).toHaveText(['30', '15', '13', '6', '4']);
  await expect(fig.getByTestId('rf-alt')).toHaveText(
    'After 5 layers, each output unit sees 18 × 18 input pixels, and neighbouring units are 4 pixels apart; the last map is 4 × 4 for a 32 × 32 input.',
  );

  await fig.getByRole('button', { name: 'Three 3×3 convs' }).click();
  await expect(rfs).toHaveText(['3', '5', '7']);
  await expect(fig.getByTestId('rf-closed-form')).toHaveText(
    'Stride 1 everywhere, one kernel size: r = 1 + L·(k − 1) = 1 + 3·(3 − 1) = 7.',
  );
  await fig.getByRole('button', { name: 'Add conv 3×3' }).click();
  await expect(rfs).toHaveText(['3', '5', '7', '9']);

  // Keyboard: the dilation of conv 2 from 1 to 2 adds (3 − 1)·1 to every later layer.
  const dilation = fig.getByRole('combobox', { name: 'Dilation of conv 2' });
  await dilation.focus();
  await page.keyboard.press('ArrowDown');
  await expect(dilation).toHaveValue('2');
  await expect(rfs).toHaveText(['3', '7', '9', '11']);
  await expect(fig.getByTestId('rf-closed-form')).toHaveText('Stride 1 everywhere: r = 1 + Σ d(k − 1) = 1 + 2 + 4 + 2 + 2 = 11.');

  await fig.getByRole('combobox', { name: 'Stride of conv 1' }).selectOption('2');
  await expect(rfs).toHaveText(['3', '11', '15', '19']);
  await expect(fig.getByTestId('rf-closed-form')).toContainText('conv 1 has stride 2');

  await fig.getByRole('button', { name: 'Remove conv 4' }).click();
  await expect(rfs).toHaveCount(3);
  await expect(fig.getByRole('button', { name: 'Remove conv 3' })).toBeFocused();
  await fig.getByRole('button', { name: 'Add max pool 2×2' }).click();
  await expect(fig.getByTestId('rf-jump')).toHaveText(['2', '2', '2', '4']);

  await fig.getByTestId('rf-input-size').selectOption('224');
  await expect(fig.getByTestId('rf-out')).toHaveText(['112', '110', '110', '55']);
  expect(errors).toEqual([]);
});

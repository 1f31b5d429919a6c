// The Activations chapter: prose and math render, and each figure answers the
// reader's input with the values the reference implementations give.
import { expect, test } from '@playwright/test';
import { hydratedTestId, watchEngineRequests, watchErrors } from './helpers.ts';

const PAGE = 'guide/activations/';

test('the chapter renders its math and figures, without the engine', async ({ page }) => {
  const errors = watchErrors(page);
  const engine = watchEngineRequests(page);
  await page.goto(PAGE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Activations');
  expect(await page.locator('.katex').count()).toBeGreaterThan(20);
  await expect(page.locator('.katex-error')).toHaveCount(0);
  for (const id of ['why-nonlinearity', 'five-activations', 'relu', 'gelu', 'vanishing-gradients']) {
    await expect(page.locator(`#${id}`)).toBeAttached();
  }
  await expect(page.locator('pre').filter({ hasText: 'nn.LeakyReLU(0.01)' }).first()).toBeVisible();
  await expect(page.getByText('ten layers scale the gradient by')).toBeVisible();
  // No page may be wider than a phone's screen because of math or a figure.
  await page.setViewportSize({ width: 390, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(errors).toEqual([]);
  expect(engine).toEqual([]);
});

test('the activation plot follows the chosen function and the marker', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const fig = await hydratedTestId(page, 'activation-plot');
  const alt = fig.getByTestId('activation-plot-alt');
  await expect(alt).toContainText('ReLU(1) = 1, ReLU′(1) = 1');
  const slider = fig.getByRole('slider', { name: 'Input x' });
  // Keyboard: ten steps of 0.1 to the left, from 1 to 0.
  await slider.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
  await expect(fig.getByTestId('activation-x')).toHaveText('0');
  await expect(fig.getByTestId('activation-dfx')).toHaveText('0');
  await fig.getByRole('button', { name: 'Sigmoid' }).click();
  await expect(fig.getByRole('button', { name: 'Sigmoid' })).toHaveAttribute('aria-pressed', 'true');
  await expect(fig.getByTestId('activation-fx')).toHaveText('0.5');
  await expect(fig.getByTestId('activation-dfx')).toHaveText('0.25');
  await slider.fill('-2');
  await fig.getByRole('button', { name: 'GELU' }).click();
  await expect(alt).toContainText('GELU(−2) = −0.0455, GELU′(−2) = −0.0852');
  expect(errors).toEqual([]);
});

test('two convolutions equal one until an activation sits between them', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const fig = await hydratedTestId(page, 'activation-collapse');
  await expect(fig.getByTestId('collapse-diff')).toHaveText('0');
  await expect(fig.getByTestId('collapse-stacked').locator('span')).toHaveCount(16);
  await expect(fig.getByTestId('collapse-composed').locator('span')).toHaveCount(25);
  await fig.getByTestId('collapse-between').selectOption('relu');
  await expect(fig.getByTestId('collapse-diff')).toHaveText('3');
  await expect(fig.getByTestId('collapse-alt')).toHaveText(
    'With ReLU between them, the two convolutions no longer equal one 5 × 5 convolution: largest difference 3.',
  );
  const before = await fig.getByTestId('collapse-input').getAttribute('aria-label');
  await fig.getByRole('button', { name: 'New example' }).click();
  await expect(fig.getByTestId('collapse-input')).not.toHaveAttribute('aria-label', before ?? '');
  await fig.getByTestId('collapse-between').selectOption('none');
  await expect(fig.getByTestId('collapse-diff')).toHaveText('0');
  expect(errors).toEqual([]);
});

test('the gradient factor shrinks with depth for saturating functions', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const fig = await hydratedTestId(page, 'activation-gradient');
  await expect(fig.getByTestId('gradient-product-sigmoid')).toHaveText('8.63×10⁻⁸');
  await expect(fig.getByTestId('gradient-product-relu')).toHaveText('1');
  const depth = fig.getByRole('slider', { name: /Depth L/ });
  await depth.focus();
  await page.keyboard.press('ArrowRight');
  await expect(fig.getByTestId('gradient-depth')).toHaveText('11');
  await fig.getByRole('slider', { name: 'Pre-activation z' }).fill('0');
  await depth.fill('20');
  await expect(fig.getByTestId('gradient-product-sigmoid')).toHaveText('9.09×10⁻¹³');
  await expect(fig.getByTestId('gradient-product-tanh')).toHaveText('1');
  await expect(fig.getByTestId('gradient-product-relu')).toHaveText('0');
  await expect(fig.getByTestId('gradient-alt')).toContainText('Sigmoid 0.25 per layer, 9.09×10⁻¹³ after 20');
  expect(errors).toEqual([]);
});

import { expect, test, type Locator } from '@playwright/test';
import { hydrated, watchEngineRequests, watchErrors } from './helpers.ts';

const PAGE = 'guide/stride-padding-dilation/';

const slider = (figure: Locator, name: string) => figure.getByTestId(`${name}-slider`);

test('the chapter renders its prose and math, without errors or engine downloads', async ({ page }) => {
  const errors = watchErrors(page);
  const engine = watchEngineRequests(page);
  await page.goto(PAGE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Stride, padding and dilation');
  expect(await page.locator('.katex').count()).toBeGreaterThan(10);
  await expect(page.locator('.katex-error')).toHaveCount(0);
  // Numbers the engine computed at build time.
  await expect(page.locator('#worked-example')).toBeVisible();
  await expect(page.locator('main')).toContainText('fits in 5 positions along each axis: ⌊(7 + 2·0 − 3)/1⌋ + 1 = 5');
  await expect(page.locator('main')).toContainText('becomes 14 × 14');
  await expect(page.locator('main')).toContainText('with dilations 1, 2 and 4 they see 15 × 15');
  for (const id of ['#explorer', '#dilation-explorer']) await hydrated(page, id);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  expect(errors).toEqual([]);
  expect(engine).toEqual([]);
});

test('the explorer steps through windows by button, click and arrow keys', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const fig = await hydrated(page, '#explorer');
  const live = fig.getByTestId('explorer-live');
  await expect(fig.getByTestId('formula')).toContainText('output: ⌊(7 + 2·0 − 3)/1⌋ + 1 = 5');
  await expect(live).toContainText('Output (0, 0) reads input rows 0 to 2 and columns 0 to 2.');
  await expect(fig.locator('svg rect.tap')).toHaveCount(9);

  await fig.getByRole('button', { name: 'Next window' }).click();
  await expect(fig.getByTestId('window-counter')).toHaveText('window 2 of 25');
  await expect(live).toContainText('Output (0, 1) reads input rows 0 to 2 and columns 1 to 3.');

  await fig.getByRole('gridcell', { name: 'Output row 0, column 1' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(fig.getByRole('gridcell', { name: 'Output row 1, column 1' })).toBeFocused();
  await expect(live).toContainText('Output (1, 1) reads input rows 1 to 3 and columns 1 to 3.');
  await page.keyboard.press('End');
  await expect(live).toContainText('Output (1, 4) reads input rows 1 to 3 and columns 4 to 6.');

  await fig.getByRole('gridcell', { name: 'Output row 4, column 4' }).click();
  await expect(fig.getByTestId('window-counter')).toHaveText('window 25 of 25');
  await fig.getByRole('button', { name: 'Previous window' }).click();
  await expect(live).toContainText('Output (4, 3) reads input rows 4 to 6 and columns 3 to 5.');
  expect(errors).toEqual([]);
});

test('the explorer follows its sliders, offers same padding and reports impossible settings', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const fig = await hydrated(page, '#explorer');
  const formula = fig.getByTestId('formula');
  const same = fig.getByRole('button', { name: /'Same' padding/ });

  await slider(fig, 'stride').fill('2');
  await expect(formula).toContainText('⌊(7 + 2·0 − 3)/2⌋ + 1 = 3');
  await expect(fig.getByText('Output, 3×3')).toBeVisible();
  await expect(same).toBeDisabled();
  await expect(formula).toContainText('torch.Size([1, 1, 3, 3])');

  // Keyboard on a slider: one step right is padding 1.
  await slider(fig, 'padding').focus();
  await page.keyboard.press('ArrowRight');
  await expect(fig.getByTestId('padding-value')).toHaveText('1');
  await expect(formula).toContainText('⌊(7 + 2·1 − 3)/2⌋ + 1 = 4');
  await expect(fig.locator('svg rect.pad')).toHaveCount(9 * 9 - 7 * 7);

  await slider(fig, 'stride').fill('1');
  await slider(fig, 'padding').fill('0');
  await slider(fig, 'kernel').fill('5');
  await expect(same).toHaveText("'Same' padding (p = 2)");
  await same.click();
  await expect(fig.getByTestId('padding-value')).toHaveText('2');
  await expect(formula).toContainText('⌊(7 + 2·2 − 5)/1⌋ + 1 = 7');

  // A dilated 5×5 spans 9 pixels: too wide for 7 without padding.
  await slider(fig, 'padding').fill('0');
  await slider(fig, 'dilation').fill('2');
  const error = fig.getByTestId('explorer-error');
  await expect(error).toHaveText(
    'Kernel 5 (dilated to 9 by dilation 2) is larger than the padded input 7 (input 7 + 2·padding 0).',
  );
  await expect(fig.getByTestId('explorer-live')).toContainText('no output.');
  await expect(fig.getByRole('button', { name: 'Next window' })).toBeDisabled();
  await slider(fig, 'padding').fill('1');
  await expect(error).toHaveCount(0);
  await expect(formula).toContainText('⌊(7 + 2·1 − 9)/1⌋ + 1 = 1');

  // PyTorch's floor: with n = 8, k = 3, s = 2 the last row and column are never read.
  await slider(fig, 'dilation').fill('1');
  await slider(fig, 'kernel').fill('3');
  await slider(fig, 'padding').fill('0');
  await slider(fig, 'input').fill('8');
  await slider(fig, 'stride').fill('2');
  await expect(fig.getByTestId('explorer-live')).toContainText('The last row and column of the input never fit a window.');
  await expect(fig.locator('svg rect.never')).toHaveCount(8 + 8 - 1);
  expect(errors).toEqual([]);
});

test('the dilation explorer shows holes in a dilated window', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const fig = await hydrated(page, '#dilation-explorer');
  await expect(fig.getByTestId('formula')).toContainText('window span: d·(k − 1) + 1 = 2·(3 − 1) + 1 = 5');
  await expect(fig.getByTestId('explorer-live')).toContainText('reads input rows 0, 2, 4 and columns 0, 2, 4.');
  await expect(fig.locator('svg rect.tap')).toHaveCount(9);
  // The window box spans 5 cells of 20 units.
  await expect(fig.getByTestId('window-box')).toHaveAttribute('width', '100');
  await slider(fig, 'dilation').fill('4');
  await expect(fig.getByTestId('formula')).toContainText('⌊(9 + 2·0 − 9)/1⌋ + 1 = 1');
  await expect(fig.getByTestId('explorer-live')).toContainText('reads input rows 0, 4, 8 and columns 0, 4, 8.');
  await expect(fig.getByTestId('window-box')).toHaveAttribute('width', '180');
  expect(errors).toEqual([]);
});

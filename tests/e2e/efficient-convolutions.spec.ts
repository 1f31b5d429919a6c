// The efficient-convolutions chapter: its counts and tables, the separable
// split, the cost calculator and the compound-scaling calculator driven by
// mouse and keyboard, and its cell run on WebAssembly with smaller settings.
import { expect, test } from '@playwright/test';
import { formatCount } from '../../src/engine/arithmetic/format.ts';
import { inceptionComparison, mbConvBlock } from '../../src/components/figures/efficient-convolutions/block-counts.ts';
import { cellNetworkCounts } from '../../src/components/figures/efficient-convolutions/separable-cell-networks.ts';
import { scalingView } from '../../src/components/figures/efficient-convolutions/compound-scaling-model.ts';
import { costView } from '../../src/components/figures/efficient-convolutions/separable-cost-model.ts';
import { separableSplit, splitView } from '../../src/components/figures/efficient-convolutions/separable-split-model.ts';
import { cellSource, editCell, hydratedTestId, openWatched, runCell, statusOf, watchErrors } from './helpers.ts';

const PAGE = 'guide/efficient-convolutions/';

test('the chapter renders its counts, math and tables without loading the engine', async ({ page }) => {
  const { errors, engine } = await openWatched(page, PAGE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Efficient convolutions');
  await expect(page.locator('.katex-error')).toHaveCount(0);
  for (const id of [
    'one-by-one-convolutions',
    'inception-module',
    'depthwise-separable',
    'separable-cost',
    'separable-experiment',
    'inverted-residual',
    'mbconv',
    'compound-scaling',
    'separable-vs-standard',
  ]) {
    await expect(page.locator(`#${id}`)).toBeAttached();
  }
  const ids = await page.locator('[id]').evaluateAll((nodes) => nodes.map((n) => n.id));
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  const inception = inceptionComparison();
  const rows = page.getByTestId('inception-table').locator('tbody tr');
  await expect(rows).toHaveCount(inception.blocks.length);
  await expect(rows.first()).toContainText(formatCount(inception.blocks[0]!.paramsWithout));
  await expect(page.getByTestId('mbconv-table').locator('tfoot')).toContainText(formatCount(mbConvBlock().params));
  // The cell's PyTorch tab holds the program.
  await page.locator('[data-cell="separable-vs-standard"]').getByRole('tab', { name: 'PyTorch' }).click();
  await expect(page.locator('[data-cell="separable-vs-standard"]').getByRole('tabpanel')).toContainText('groups=cin');
  await page.setViewportSize({ width: 390, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(errors).toEqual([]);
  expect(engine).toEqual([]);
});

test('the separable split follows the chosen output value, by click and by arrow keys', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const fig = await hydratedTestId(page, 'separable-split');
  const split = separableSplit();
  const sentence = fig.getByTestId('split-sentence');
  await expect(sentence).toHaveText(splitView(split, { outChannel: 0, row: 0, col: 0 }).sentence);
  await expect(fig.getByTestId('split-check')).toContainText('the largest difference over all 32 outputs is 0');

  const out = fig.getByTestId('split-output');
  await out.getByRole('gridcell', { name: /^row 2, column 1:/ }).click();
  await expect(sentence).toHaveText(splitView(split, { outChannel: 0, row: 2, col: 1 }).sentence);
  await expect(fig.getByTestId('split-depthwise-1').locator('.in-window')).toHaveCount(1);
  await page.keyboard.press('ArrowRight');
  await expect(sentence).toHaveText(splitView(split, { outChannel: 0, row: 2, col: 2 }).sentence);

  await fig.getByLabel('Output channel').selectOption({ label: 'Output 2' });
  const view = splitView(split, { outChannel: 1, row: 2, col: 2 });
  await expect(sentence).toHaveText(view.sentence);
  await expect(fig.getByTestId('split-sum')).toContainText(view.sum);
  expect(errors).toEqual([]);
});

test('the cost calculator follows typed sizes and rejects what is not a size', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const fig = await hydratedTestId(page, 'separable-cost');
  await expect(fig.getByTestId('cost-ratio')).toContainText('= 1/128 + 1/3² = 0.1189');

  await fig.getByRole('spinbutton', { name: 'Output channels C_out' }).fill('256');
  await fig.getByRole('spinbutton', { name: 'Kernel size k' }).fill('5');
  const expected = costView({ cin: 128, cout: 256, k: 5, h: 56, w: 56 });
  await expect(fig.getByTestId('cost-ratio')).toContainText(`= ${expected.identityText}`);
  await expect(fig.getByTestId('cost-sentence')).toHaveText(expected.sentence);
  await expect(fig.getByTestId('cost-table')).toContainText(formatCount(expected.rows[0]!.macs));

  await fig.getByRole('spinbutton', { name: 'Height H' }).fill('0');
  await expect(fig.getByTestId('cost-error')).toHaveText('Height H: “0” is below 1, the least this figure takes; it uses 1.');
  await fig.getByRole('spinbutton', { name: 'Height H' }).fill('');
  await expect(fig.getByTestId('cost-error')).toHaveText(
    'Height H: empty; enter a whole number from 1 to 512. Until then the figure uses 1.',
  );
  await expect(fig).not.toContainText('NaN');
  await fig.getByRole('spinbutton', { name: 'Height H' }).fill('56');
  await expect(fig.getByTestId('cost-sentence')).toHaveText(expected.sentence);
  await expect(fig.getByTestId('cost-error')).toHaveText('');
  expect(errors).toEqual([]);
});

test('the compound-scaling calculator steps φ by keyboard', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const fig = await hydratedTestId(page, 'compound-scaling');
  const sentence = fig.getByTestId('scaling-sentence');
  await expect(sentence).toHaveText(scalingView(1).sentence);
  const slider = fig.getByRole('slider', { name: 'Compound coefficient φ' });
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(sentence).toHaveText(scalingView(3).sentence);
  await expect(fig.getByTestId('scaling-real')).toContainText(formatCount(scalingView(3).scaled.macs));
  await page.keyboard.press('Home');
  await expect(fig.getByTestId('scaling-rule')).toHaveText('× 1');
  expect(errors).toEqual([]);
});

test('the standard-vs-separable cell trains both arms on WebAssembly and ends with one table', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`${PAGE}?backend=wasm`);
  let code = cellSource('separable-vs-standard');
  for (const [name, value] of Object.entries({ TRAIN_IMAGES: '256', TEST_IMAGES: '100', EPOCHS: '1' })) {
    const pattern = new RegExp(`const ${name} = [^;]+;`);
    expect(code).toMatch(pattern);
    code = code.replace(pattern, `const ${name} = ${value};`);
  }
  await editCell(page, 'separable-vs-standard', code);
  const target = await runCell(page, 'separable-vs-standard');
  await expect(statusOf(page, 'separable-vs-standard')).toContainText('WebAssembly');
  const table = target.getByRole('table', { name: 'After 1 epochs on 256 images' });
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table).toContainText('depthwise separable');
  await expect(table).toContainText(formatCount(cellNetworkCounts().separable.params));
  await expect(target.locator('.cell-results .uplot')).toHaveCount(1);
  expect(errors).toEqual([]);
});

// "Residual networks": the block figure shows the engine's counts, and the
// plain-vs-residual cell runs on WebAssembly, drawing its loss chart and its
// bar chart of gradient norms.
import { expect, test } from '@playwright/test';
import { formatCount } from '../../src/engine/arithmetic/format.ts';
import { basic64, bottleneck256 } from '../../src/components/figures/residual-networks/block-compare-model.ts';
import { cell, cellSource, editCell, runCell, statusOf, watchErrors } from './helpers.ts';

const PAGE = 'guide/residual-networks/';
const CELL = 'plain-vs-residual';

/** The cell with smaller settings: the same 20 layers, a handful of images, one epoch. */
function smallRun(): string {
  let code = cellSource(CELL);
  for (const [name, value] of Object.entries({ TRAIN_IMAGES: '64', EPOCHS: '1', PROBE_IMAGES: '32' })) {
    const pattern = new RegExp(`const ${name} = [^;]+;`);
    expect(code, `${CELL} declares ${name}`).toMatch(pattern);
    code = code.replace(pattern, `const ${name} = ${value};`);
  }
  return code;
}

test('Residual networks: the math, the block figure and the cell with its PyTorch tab render', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Residual networks');
  await expect(page.locator('.katex-error')).toHaveCount(0);
  const ids = await page.locator('[id]').evaluateAll((nodes) => nodes.map((n) => n.id));
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  const figure = page.getByTestId('block-compare');
  await expect(figure.getByRole('region', { name: 'BasicBlock on 64 × 56 × 56' })).toContainText(
    formatCount(basic64().totalParams),
  );
  await expect(figure.getByRole('region', { name: 'Bottleneck on 256 × 56 × 56' })).toContainText(
    formatCount(bottleneck256().totalParams),
  );
  await expect(figure.getByRole('listitem')).toHaveCount(5);
  const target = cell(page, CELL);
  await target.getByRole('tab', { name: 'PyTorch' }).click();
  await expect(target.getByRole('tabpanel')).toContainText('import torch');
  expect(errors).toEqual([]);
});

test('Residual networks: the cell trains both networks on WebAssembly and draws the loss chart and the gradient bars', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto(`${PAGE}?backend=wasm`);
  await editCell(page, CELL, smallRun());
  const target = await runCell(page, CELL);
  await expect(statusOf(page, CELL)).toContainText('WebAssembly');
  const results = target.locator('.cell-results');
  // One chart of training loss, both arms on it.
  await expect(results.locator('.uplot')).toHaveCount(1);
  await expect(results).toContainText('Training loss by epoch');
  // The bar chart: 20 layers, a bar for each network at each.
  const bars = results.getByTestId('bar-chart');
  await expect(bars).toBeVisible();
  await expect(bars.locator('rect.bar')).toHaveCount(40);
  await expect(results.locator('figure.bars')).toContainText('plain');
  await expect(results.locator('figure.bars')).toContainText('residual');
  await expect(results.getByRole('table')).toContainText('Gradient, layer 20');
  expect(errors).toEqual([]);
});

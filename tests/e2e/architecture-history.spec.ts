// The history chapter: the sortable history table (mouse and keyboard) and the
// model explorer, on a page that loads no engine code.
import { expect, test, type Locator } from '@playwright/test';
import { hydratedTestId, openWatched } from './helpers.ts';

const PAGE = 'guide/architecture-history/';

/** The numbers of one column of the history table, in row order. */
async function column(table: Locator, index: number): Promise<number[]> {
  const cells = await table
    .locator('tbody tr.main')
    .evaluateAll((rows, i) => rows.map((r) => r.querySelectorAll('th, td')[i]?.textContent ?? ''), index);
  return cells.map((c) => Number(c.replace(/[,%\s]/g, '')));
}

test('the chapter renders its table and explorer without the engine', async ({ page }) => {
  const { errors, engine } = await openWatched(page, PAGE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('A short history of CNN architectures');
  for (const id of ['table', 'ideas', 'explorer']) await expect(page.locator(`#${id}`)).toBeAttached();
  // Numbers the prose states come from the engine: VGG-16's head and its convolutions.
  await expect(page.locator('main')).toContainText('89.4% of its 138 million parameters');
  await hydratedTestId(page, 'history-table');
  await hydratedTestId(page, 'model-explorer');
  await page.setViewportSize({ width: 390, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(errors).toEqual([]);
  expect(engine).toEqual([]);
});

test('the history table sorts by a column with the mouse and the keyboard', async ({ page }) => {
  const { errors, engine } = await openWatched(page, PAGE);
  const fig = await hydratedTestId(page, 'history-table');
  const table = fig.locator('table');
  await expect(table.locator('tbody tr.main')).toHaveCount(9);
  await expect(table.locator('tbody tr.main').first()).toContainText('LeNet-5');
  await expect(table.locator('tbody tr.main').last()).toContainText('ConvNeXt-T');
  await expect(table.locator('tbody tr.main').first()).toContainText('61,706');

  const params = fig.getByRole('columnheader', { name: /Parameters/ });
  await expect(params).toHaveAttribute('aria-sort', 'none');
  await params.getByRole('button').click();
  await expect(params).toHaveAttribute('aria-sort', 'ascending');
  const up = await column(table, 3);
  expect(up).toEqual([...up].sort((a, b) => a - b));
  await expect(fig.getByTestId('history-sentence')).toContainText('Sorted by parameters, lowest first: LeNet-5');

  // Keyboard: the same button again, by Enter, turns it round.
  await params.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(params).toHaveAttribute('aria-sort', 'descending');
  const down = await column(table, 3);
  expect(down).toEqual([...down].sort((a, b) => b - a));
  await expect(table.locator('tbody tr.main').first()).toContainText('VGG-16');

  // Another column starts ascending; a paper without a top-5 figure goes last.
  const top5 = fig.getByRole('columnheader', { name: /Top-5 error/ });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(top5.getByRole('button')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(top5).toHaveAttribute('aria-sort', 'ascending');
  await expect(params).toHaveAttribute('aria-sort', 'none');
  await expect(table.locator('tbody tr.main').last().locator('td').nth(5)).toHaveText('—');
  expect(errors).toEqual([]);
  expect(engine).toEqual([]);
});

test('the model explorer shows any zoo model: layers, printout and shares', async ({ page }) => {
  const { errors, engine } = await openWatched(page, PAGE);
  const fig = await hydratedTestId(page, 'model-explorer');
  const sentence = fig.getByTestId('explorer-sentence');
  await expect(sentence).toContainText('VGG-16 (2014): 138,357,544 parameters');
  await expect(sentence).toContainText('classifier holds the most parameters (89.4%)');
  await expect(sentence).toContainText('features does the most MACs (99.2%)');
  await expect(fig.getByTestId('explorer-printout')).toContainText('(classifier): Sequential(');

  await fig.getByRole('combobox', { name: 'Model' }).selectOption({ label: 'ResNet-50 (2015)' });
  await expect(sentence).toContainText('ResNet-50 (2015): 25,557,032 parameters and 4,089,184,256 MACs');
  await expect(fig.getByTestId('explorer-printout')).toContainText('(downsample): Sequential(');
  const layers = fig.getByTestId('explorer-layers');
  await expect(layers.locator('tbody tr').first()).toContainText('conv1');
  await expect(layers.locator('tbody tr').first()).toContainText('[64, 112, 112]');
  await expect(layers.locator('tbody tr').last()).toContainText('global');
  await expect(layers.locator('tfoot')).toContainText('25,557,032');

  // Keyboard: choose the grouping with the arrow keys.
  const group = fig.getByRole('combobox', { name: 'Group by' });
  await group.focus();
  await page.keyboard.press('ArrowDown');
  await expect(group).toHaveValue('kind');
  await expect(sentence).toContainText('By layer kind, convolution holds the most parameters');
  await expect(fig.getByTestId('explorer-shares')).toContainText('normalisation');

  await fig.getByRole('combobox', { name: 'Model' }).selectOption({ label: 'ConvNeXt-T (2022)' });
  await expect(fig.getByTestId('explorer-printout')).toContainText('LayerNorm((96,), eps=1e-06, elementwise_affine=True)');
  await expect(sentence).toContainText('28,589,128 parameters');
  expect(errors).toEqual([]);
  expect(engine).toEqual([]);
});

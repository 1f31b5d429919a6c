// "Beyond images: 1D and 3D convolutions": prose and math render; the 1D
// slider and the 3D volume figure answer mouse and keyboard; the waveform
// cell trains a 1D CNN on WebAssembly as shipped.
import { expect, test } from '@playwright/test';
import { cell, hydratedTestId, openWatched, runCell, statusOf, watchErrors } from './helpers.ts';
import { formatCount, nn, summarize } from '../../src/engine/index.ts';

const PAGE = 'guide/conv1d-and-conv3d/';
const CELL = 'classify-waveforms';

test('the chapter renders its prose, math, numbers from the engine and the cell', async ({ page }) => {
  const { errors, engine } = await openWatched(page, PAGE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Beyond images: 1D and 3D convolutions');
  await expect(page.locator('.katex-display').first()).toBeVisible();
  await expect(page.locator('.katex-error')).toHaveCount(0);
  const ids = await page.locator('[id]').evaluateAll((nodes) => nodes.map((n) => n.id));
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  for (const id of ['conv1d', 'train-a-1d-cnn', 'conv3d', 'in-code', CELL]) await expect(page.locator(`#${id}`)).toHaveCount(1);
  const params = summarize(
    nn.Sequential(
      nn.Conv1d(1, 8, 9, { padding: 4 }),
      nn.ReLU(),
      nn.MaxPool1d(2),
      nn.Conv1d(8, 16, 9, { padding: 4 }),
      nn.ReLU(),
      nn.MaxPool1d(2),
      nn.AdaptiveAvgPool1d(1),
      nn.Flatten(),
      nn.Linear(16, 4),
    ),
    [1, 128],
  ).totalParams;
  const main = page.locator('main');
  await expect(main).toContainText(`It has ${formatCount(params)} parameters.`);
  await expect(main).toContainText('8·1·9 + 8 = 80 parameters');
  await expect(cell(page, CELL)).toHaveAttribute('data-state', 'idle');
  // Figures compute on the main thread: nothing of the engine loads before Run.
  expect(errors).toEqual([]);
  expect(engine).toEqual([]);
});

test('the 1D slider moves with Next, the slider keys and the kernel choice', async ({ page }) => {
  const { errors } = await openWatched(page, PAGE);
  const fig = await hydratedTestId(page, 'conv1d-slider');
  const sentence = fig.getByTestId('conv1d-sentence');
  await expect(sentence).toHaveText(
    'Output 3 of 0–17: the 3-sample kernel covers samples 3–5, so y[3] = 1. This kernel finds rises (positive) and falls (negative).',
  );
  await expect(fig.getByTestId('conv1d-products')).toHaveText('y[3] = (−1)·0 + 0·1 + 1·1 = 1');
  await fig.getByRole('button', { name: 'Next' }).click();
  await expect(sentence).toContainText('Output 4 of 0–17: the 3-sample kernel covers samples 4–6, so y[4] = 0.');
  const slider = fig.getByRole('slider', { name: 'Kernel position (output index)' });
  await slider.focus();
  await page.keyboard.press('End');
  await expect(sentence).toContainText('Output 17 of 0–17');
  await expect(fig.getByRole('button', { name: 'Next' })).toBeDisabled();
  await page.keyboard.press('Home');
  await expect(fig.getByTestId('conv1d-position')).toHaveText('0');
  await fig.getByTestId('conv1d-kernel').selectOption('spike');
  for (let i = 0; i < 8; i++) await fig.getByRole('button', { name: 'Next' }).click();
  await expect(sentence).toHaveText(
    'Output 8 of 0–17: the 3-sample kernel covers samples 8–10, so y[8] = 2. This kernel finds samples that stand out from both neighbours.',
  );
  expect(errors).toEqual([]);
});

test('the 3D figure shows the 27-cell window of the chosen output, by pointer and keyboard', async ({ page }) => {
  const { errors, engine } = await openWatched(page, PAGE);
  const fig = await hydratedTestId(page, 'conv3d-volume');
  const sentence = fig.getByTestId('conv3d-sentence');
  await expect(sentence).toHaveText(
    'Output[0, 0, 0] = 3: the sum of 27 products of the kernel with frames 0–2, rows 0–2, columns 0–2.',
  );
  await expect(fig.getByTestId('conv3d-input').locator('.in-window')).toHaveCount(27);
  const first = fig.getByTestId('conv3d-output-0');
  await first.getByRole('gridcell', { name: 'output frame 0, row 0, column 0: 3' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(sentence).toContainText('Output[0, 0, 1] =');
  await expect(sentence).toContainText('columns 1–3');
  await fig.getByTestId('conv3d-output-1').getByRole('gridcell', { name: 'output frame 1, row 1, column 1: 3' }).click();
  await expect(sentence).toContainText('Output[1, 1, 1] = 3: the sum of 27 products of the kernel with frames 1–3');
  await expect(fig.getByTestId('conv3d-products')).toHaveText('y[1, 1, 1] = 1·1 + 1·1 + 1·1 = 3 (the other 24 products are 0)');
  const table = fig.getByTestId('conv3d-cost');
  await expect(table).toContainText('73,856');
  await expect(table).toContainText('221,312');
  await expect(table.getByRole('row', { name: /3-D ÷ 2-D/ })).toContainText('3×');
  expect(errors).toEqual([]);
  expect(engine).toEqual([]);
});

test('the waveform cell trains a 1D CNN on WebAssembly and shows its kernels and accuracy', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`${PAGE}?backend=wasm`);
  const target = await runCell(page, CELL, 'done', 240_000);
  await expect(statusOf(page, CELL)).toContainText('WebAssembly');
  await expect(target.getByRole('table', { name: 'Training a 1D CNN on waveforms' }).locator('tbody tr')).toHaveCount(10);
  const accuracy = await target
    .getByRole('table', { name: 'Training a 1D CNN on waveforms' })
    .locator('tbody tr')
    .last()
    .locator('td')
    .last()
    .textContent();
  expect(Number(/([\d.]+)%/.exec(accuracy ?? '')?.[1])).toBeGreaterThanOrEqual(90);
  await expect(target.getByRole('table', { name: 'Test accuracy by class' }).locator('tbody tr')).toHaveCount(4);
  await expect(target.locator('.cell-results')).toContainText('The 8 learned kernels of the first Conv1d');
  await expect(target.locator('.cell-results .uplot')).toHaveCount(2);
  expect(errors).toEqual([]);
});

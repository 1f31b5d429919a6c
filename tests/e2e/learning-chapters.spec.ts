// The three chapters on training: each renders its cells with a PyTorch tab,
// and at least one cell per chapter runs on WebAssembly through the real UI.
import { expect, test, type Page } from '@playwright/test';
import { formatDecimal } from '../../src/engine/arithmetic/format.ts';
import { readFileSync } from 'node:fs';
import { cell, cellSource, editCell, hydratedTestId, openWatched, runCell, statusOf, watchErrors } from './helpers.ts';
import { augmentPreview, describePreview } from '../../src/components/figures/regularisation/augment-preview-model.ts';
import { parseSample } from '../../src/components/figures/regularisation/fashion-sample.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/conv-backprop.json', import.meta.url), 'utf8')) as {
  weightGradient: number[][];
  inputGradient: number[][];
};

const CHAPTERS = [
  { path: 'guide/how-cnns-learn/', title: 'How a CNN learns', cells: ['training-loop', 'learn-edge-kernel'] },
  {
    path: 'guide/regularisation/',
    title: 'Overfitting and regularisation',
    cells: ['overfitting', 'batchnorm-modes', 'augmentation'],
  },
  { path: 'guide/training-recipe/', title: 'A training recipe', cells: ['lr-range-test', 'batchnorm-high-lr'] },
];

/** A cell's code with some of its settings changed; fails if a setting is no longer in the cell. */
function withSettings(id: string, settings: Record<string, string>): string {
  let code = cellSource(id);
  for (const [name, value] of Object.entries(settings)) {
    const pattern = new RegExp(`const ${name} = [^;]+;`);
    expect(code, `${id} declares ${name}`).toMatch(pattern);
    code = code.replace(pattern, `const ${name} = ${value};`);
  }
  return code;
}

async function expectWasm(page: Page, id: string): Promise<void> {
  await expect(statusOf(page, id)).toContainText('WebAssembly');
}

for (const chapter of CHAPTERS) {
  test(`${chapter.title}: math, cells and their PyTorch tabs render`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(chapter.path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(chapter.title);
    await expect(page.locator('.katex-error')).toHaveCount(0);
    // Headings and cells are both link targets: no two may share an id.
    const ids = await page.locator('[id]').evaluateAll((nodes) => nodes.map((n) => n.id));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const id of chapter.cells) {
      const target = cell(page, id);
      await expect(target).toHaveAttribute('data-state', 'idle');
      const ts = target.getByRole('tab', { name: 'TypeScript' });
      const py = target.getByRole('tab', { name: 'PyTorch' });
      await expect(ts).toHaveAttribute('aria-selected', 'true');
      await expect(target.getByRole('tabpanel')).toContainText('cnn-guide');
      // The keyboard moves between the tabs, as the ARIA tabs pattern has it.
      await ts.focus();
      await page.keyboard.press('ArrowRight');
      await expect(py).toBeFocused();
      await expect(py).toHaveAttribute('aria-selected', 'true');
      const panel = target.getByRole('tabpanel');
      await expect(panel).toContainText('import torch');
      expect(await panel.locator('pre span[style*="color"]').count()).toBeGreaterThan(10);
      await py.click();
      await target.getByRole('tab', { name: 'TypeScript' }).click();
      await expect(target.getByRole('tabpanel')).toContainText('cnn-guide');
    }
    expect(errors).toEqual([]);
  });
}

test('How a CNN learns: the edge kernel is learned on WebAssembly and its weights are charted', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('guide/how-cnns-learn/?backend=wasm');
  const target = await runCell(page, 'learn-edge-kernel');
  await expectWasm(page, 'learn-edge-kernel');
  await expect(target.locator('.cell-results .uplot')).toHaveCount(2);
  await expect(target.locator('.cell-results')).toContainText('The nine weights, step by step');
  const line = await target
    .locator('.cell-results')
    .getByText(/Largest difference from Sobel: [\d.]+/)
    .textContent();
  expect(Number(/([\d.]+)$/.exec(line ?? '')?.[1])).toBeLessThan(0.05);
  expect(errors).toEqual([]);
});

test('Overfitting and regularisation: BatchNorm modes run on WebAssembly, side by side in one table', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('guide/regularisation/?backend=wasm');
  await editCell(
    page,
    'batchnorm-modes',
    withSettings('batchnorm-modes', { TRAIN_IMAGES: '256', TEST_IMAGES: '100', EPOCHS: '1' }),
  );
  const target = await runCell(page, 'batchnorm-modes');
  await expectWasm(page, 'batchnorm-modes');
  const table = target.getByRole('table', { name: 'The same trained model, evaluated three ways' });
  await expect(table).toContainText('eval mode');
  await expect(table).toContainText('sorted by class');
  await expect(table.locator('tbody tr')).toHaveCount(3);
  expect(errors).toEqual([]);
});

test('A training recipe: the range test runs on WebAssembly as shipped and marks a suggestion', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('guide/training-recipe/?backend=wasm');
  const target = await runCell(page, 'lr-range-test');
  await expectWasm(page, 'lr-range-test');
  await expect(target.locator('.cell-results .uplot')).toHaveCount(1);
  await expect(target.getByRole('table', { name: 'Learning-rate range test' })).toContainText('suggested');
  await expect(target.locator('.cell-results')).toContainText('the loss is diverging');
  expect(errors).toEqual([]);
});

test("How a CNN learns: the backpropagation stepper shows both gradients, by keyboard too, with autograd's values", async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('guide/how-cnns-learn/');
  const fig = await hydratedTestId(page, 'backprop-stepper');
  const sentence = fig.getByTestId('backprop-sentence');
  const dW = fixture.weightGradient;
  const dX = fixture.inputGradient;
  await expect(sentence).toContainText(`dL/dW[0, 0] = ${formatDecimal(dW[0]![0]!)}`);
  await expect(fig.getByTestId('backprop-input').locator('.in-window')).toHaveCount(9);

  const grid = fig.getByTestId('backprop-gradient');
  await grid.getByRole('gridcell', { name: `dL/dW row 0, column 0: ${formatDecimal(dW[0]![0]!)}` }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(sentence).toContainText(`dL/dW[0, 1] = ${formatDecimal(dW[0]![1]!)}`);

  await fig.getByRole('radio', { name: /dL\/dX/ }).check();
  await expect(sentence).toContainText(`dL/dX[0, 0] = ${formatDecimal(dX[0]![0]!)}: input pixel [0, 0] fed 1 output`);
  await expect(fig.getByTestId('backprop-delta').locator('.in-window')).toHaveCount(1);
  await grid.getByRole('gridcell', { name: `dL/dX row 2, column 2: ${formatDecimal(dX[2]![2]!)}` }).hover();
  await expect(sentence).toContainText('fed 9 outputs');
  await expect(fig.getByTestId('backprop-delta').locator('.in-window')).toHaveCount(9);
  expect(errors).toEqual([]);
});

test('How a CNN learns: the optimizer paths grow with the slider, by keyboard too', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('guide/how-cnns-learn/');
  const fig = await hydratedTestId(page, 'optimizer-paths');
  const sentence = fig.getByTestId('paths-sentence');
  await expect(sentence).toContainText('After 10 steps: SGD at');
  const slider = fig.getByRole('slider', { name: 'Number of optimizer steps' });
  await slider.focus();
  await page.keyboard.press('End');
  await expect(fig.getByTestId('paths-step')).toHaveText('40');
  await expect(sentence).toContainText('After 40 steps');
  await page.keyboard.press('Home');
  await expect(sentence).toContainText('After 0 steps: SGD at (-4.00, 1.50)');
  expect(errors).toEqual([]);
});

test('Overfitting and regularisation: the augmentation figure redraws a batch by keyboard, from a few kB of images and no engine code', async ({
  page,
}) => {
  const data: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.includes('/data/')) data.push(path);
  });
  const { errors, engine } = await openWatched(page, 'guide/regularisation/');
  const fig = await hydratedTestId(page, 'augment-preview');
  const sentence = fig.getByTestId('augment-sentence');
  await expect(sentence).toContainText(/^Draw 1: images? [\d, and]+ mirrored/);
  await expect(fig.getByTestId('augment-after').locator('canvas')).toHaveCount(10);
  const firstDraw = (await sentence.textContent())!;

  await fig.getByRole('button', { name: 'New draw' }).focus();
  await page.keyboard.press('Enter');
  await expect(fig.getByTestId('augment-draw')).toHaveText('2');
  await expect(sentence).toContainText('Draw 2: ');
  await expect(sentence).not.toHaveText(firstDraw);

  await fig.getByRole('radio', { name: 'Flip' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(fig.getByRole('radio', { name: 'Random crop' })).toBeChecked();
  await expect(sentence).toContainText('Draw 2, padding 4: ');
  await expect(fig).toContainText('After RandomCrop(28, padding=4)');
  await fig.getByRole('slider', { name: 'Crop padding in pixels' }).focus();
  await page.keyboard.press('Home');
  await expect(sentence).toContainText('padding 0: the only 28 × 28 window is the image itself, so nothing moves');

  await fig.getByRole('radio', { name: 'Random crop' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(fig.getByRole('radio', { name: 'CutMix' })).toBeChecked();
  // The page shows the view-model's draw 2 of the committed sample: the seed, α and images reach it.
  const dir = new URL('../../public/data/fashion-mnist/', import.meta.url);
  const classes = (JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as { classes: string[] }).classes;
  const sample = parseSample(readFileSync(new URL('sample.u8', dir)), 28, 28, classes);
  const cut = augmentPreview(sample.images, 2, { cutmixAlpha: 1 }).find((p) => p.name === 'cutmix')!;
  await expect(sentence).toHaveText(describePreview(cut, 2, sample.classes));
  await expect(sentence).toContainText('of the image, so each label is');
  await expect(fig.locator('.box').first()).toBeVisible();

  expect(data.sort()).toEqual(['/data/fashion-mnist/manifest.json', '/data/fashion-mnist/sample.u8']);
  expect(engine).toEqual([]);
  expect(errors).toEqual([]);
});

test("A training recipe: the schedules figure reads PyTorch's rates at the chosen step", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('guide/training-recipe/');
  const fig = await hydratedTestId(page, 'schedule-curves');
  const sentence = fig.getByTestId('schedules-sentence');
  await expect(sentence).toHaveText(
    'Step 0 of 100: learning rate step 0.100, cosine 0.100, warmup, then cosine 0.0100, one-cycle 0.00400.',
  );
  const slider = fig.getByRole('slider', { name: 'Training step' });
  await slider.focus();
  await page.keyboard.press('End');
  await expect(fig.getByTestId('schedules-step')).toHaveText('99');
  await expect(sentence).toContainText('Step 99 of 100: learning rate step 0.000100');
  await expect(fig.locator('polyline')).toHaveCount(4);
  expect(errors).toEqual([]);
});

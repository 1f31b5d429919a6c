// The bias chapter in Chromium: the bias slider recomposes the samples on the
// page without loading the engine; the photographs load from the site; a
// shortened biased training run and its Grad-CAM cell work on WebAssembly; and
// nothing is requested from outside the site.
import { expect, test, type Page } from '@playwright/test';
import { cell, cellSource, editCell, hydratedTestId, openWatched, runCell, watchErrors } from './helpers';

const PAGE = 'guide/learning-the-background/';

/** Every request whose origin is not the page's own. */
function watchOutside(page: Page, origin: () => string): string[] {
  const outside: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.origin !== origin()) outside.push(request.url());
  });
  return outside;
}

test('the bias slider recomposes the samples on the page, and the photographs load from the site', async ({ page, baseURL }) => {
  const outside = watchOutside(page, () => new URL(baseURL!).origin);
  const { errors, engine } = await openWatched(page, PAGE);
  const figure = await hydratedTestId(page, 'bias-samples');
  const sentence = figure.getByTestId('bias-sentence');
  await expect(sentence).toHaveText(/^Bias 95%: 10 of 10 cows on grass and 10 of 10 camels on the dune\./);
  await expect(figure.getByRole('img', { name: 'cow on grass' })).toHaveCount(10);

  const slider = figure.getByRole('slider', { name: 'Fraction of each class on its usual background' });
  await slider.focus();
  for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowLeft');
  await expect(figure.getByTestId('bias-value')).toHaveText('50%');
  await expect(sentence).toHaveText(/5 of 10 cows on grass .* says nothing about the class/);
  await expect(figure.getByRole('img', { name: 'cow on dune' })).toHaveCount(5);
  await expect(figure.getByRole('img', { name: 'camel on grass' })).toHaveCount(5);
  // A canvas is painted with the scene, not left blank.
  const painted = await figure
    .getByRole('img', { name: 'cow on dune' })
    .first()
    .evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      return canvas.width === 32 && data.some((v, i) => i % 4 !== 3 && v > 0);
    });
  expect(painted).toBe(true);

  const photos = page.getByTestId('animal-photos').locator('img');
  await expect(photos).toHaveCount(6);
  for (const img of await photos.all()) {
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  }
  await expect(page.getByTestId('animal-photos')).toContainText('Photo: Dohduhdah, public domain');
  await expect(page.locator('table', { hasText: 'Tux Paint' })).toContainText('GPL-2.0');

  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(engine).toEqual([]);
  expect(outside).toEqual([]);
  expect(errors).toEqual([]);
});

test('a short biased training run and its Grad-CAM cell work on WebAssembly', async ({ page, baseURL }) => {
  test.setTimeout(300_000);
  const outside = watchOutside(page, () => new URL(baseURL!).origin);
  const errors = watchErrors(page);
  await page.goto(`${PAGE}?backend=wasm`);
  let code = cellSource('train-on-biased-scenes');
  for (const [name, value] of Object.entries({ TRAIN_IMAGES: '200', TEST_IMAGES: '100', EPOCHS: '1' })) {
    const pattern = new RegExp(`const ${name} = [^;]+;`);
    expect(code).toMatch(pattern);
    code = code.replace(pattern, `const ${name} = ${value};`);
  }
  await editCell(page, 'train-on-biased-scenes', code);
  const trained = await runCell(page, 'train-on-biased-scenes');
  await expect(trained).toContainText('Swapped backgrounds (cow on dune, camel on grass)');
  await expect(trained).toContainText(/Drop/);

  const looks = await runCell(page, 'where-the-biased-model-looks');
  const grid = looks.locator('figure.heatmaps');
  await expect(grid.getByRole('img')).toHaveCount(6);
  await expect(grid).toContainText(/cow on dune|camel on grass/);
  await expect(looks).toContainText("Grad-CAM's heat on the animal");
  await expect(cell(page, 'where-the-biased-model-looks')).toHaveAttribute('data-state', 'done');
  expect(outside).toEqual([]);
  expect(errors).toEqual([]);
});

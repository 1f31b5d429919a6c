// The transfer-learning chapter in Chromium, on WebAssembly through the real UI:
// the cell (with a smaller grid) loads the shipped backbone from this site,
// trains the three regimes and draws them in one chart and one table.
import { expect, test } from '@playwright/test';
import { cellSource, editCell, hydrated, runCell, statusOf, watchErrors } from './helpers';

const PAGE = 'guide/transfer-learning/?backend=wasm';
const ID = 'transfer-learning';

/** The cell with some settings replaced; fails if the cell no longer declares one. */
function withSettings(settings: Record<string, string>): string {
  let code = cellSource(ID);
  for (const [name, value] of Object.entries(settings)) {
    const pattern = new RegExp(`const ${name} = [^;]+;`);
    expect(code, `${ID} declares ${name}`).toMatch(pattern);
    code = code.replace(pattern, `const ${name} = ${value};`);
  }
  return code;
}

test('Transfer learning: the three regimes train on WebAssembly, with the backbone from the site', async ({ page, baseURL }) => {
  const errors = watchErrors(page);
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(PAGE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Transfer learning');
  await expect(page.locator('.katex-error')).toHaveCount(0);
  await editCell(page, ID, withSettings({ LABELS: '[10, 20]', IMAGES_PER_RUN: '60' }));
  const target = await runCell(page, ID);
  await expect(statusOf(page, ID)).toContainText('WebAssembly');
  await expect(target.locator('.cell-results .uplot')).toHaveCount(1);
  const table = target.getByRole('table', { name: 'Test accuracy' });
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table).toContainText('Fine-tuned');
  // The weights come from this site, and nothing from anywhere else.
  const origin = new URL(baseURL!).origin;
  const weights = requests.filter((url) => url.endsWith('/data/models/fashion-backbone/weights.f16.bin'));
  expect(weights.length).toBeGreaterThan(0);
  expect(weights.every((url) => url.startsWith(origin))).toBe(true);
  expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([]);
  // The chart and table fit a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(errors).toEqual([]);
});

test('Transfer learning: your own image is classified among the five new classes and explained', async ({ page }) => {
  const errors = watchErrors(page);
  const OWN = 'transfer-your-own-image';
  const TARGET_CLASSES = ['Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
  await page.goto(PAGE);
  await editCell(page, ID, withSettings({ LABELS: '[20]', IMAGES_PER_RUN: '60' }));
  await runCell(page, ID);
  const target = await hydrated(page, `[data-cell="${OWN}"]`);
  await target.getByRole('button', { name: 'Run', exact: true }).click();
  const zone = target.getByTestId('input-zone');
  await expect(zone).toBeVisible({ timeout: 60_000 });
  await expect(zone).toContainText('never leaves your browser');
  await zone
    .locator('input[type="file"]')
    .setInputFiles(new URL('../fixtures/own-image/sneaker-on-white.png', import.meta.url).pathname);
  await expect(target).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  console.log(`${OWN}: ${await statusOf(page, OWN).textContent()}`);
  await expect(target).toContainText('inverted: its border was light');
  const rows = target.getByRole('table', { name: 'Top three classes' }).locator('tbody tr');
  await expect(rows).toHaveCount(3);
  const predicted = (await rows.first().locator('th, td').first().textContent())!.trim();
  expect(TARGET_CLASSES).toContain(predicted);
  console.log(`${OWN}: predicted ${predicted}`);
  const heatmaps = target.locator('figure.heatmaps').getByRole('img');
  await expect(heatmaps).toHaveCount(4);
  await expect(target.locator('figure.heatmaps')).toContainText('Grad-CAM (relu_6)');
  expect(errors).toEqual([]);
});
